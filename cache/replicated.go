package cache

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// errNotReplicated means the replicas did not confirm a write in time (Sentinel only): the
// master may be one that Sentinel is replacing, and the write would then be lost.
var errNotReplicated = errors.New("the replicas did not confirm the write (a failover may be under way)")

// replicaPoll is how often the Store asks Sentinel how many healthy replicas follow the
// master.
const replicaPoll = time.Second

// writeConfirmed runs the commands fn queues as one pipeline, or one MULTI/EXEC when tx:
// how state writes reach Redis.
//
// With Sentinel it then waits (WAIT n, at most a third of the operation timeout) until
// every replica Sentinel reports healthy has them. Sentinel fails over by promoting a
// replica, and the old master keeps accepting writes until it hears of it (about a second
// with SENTINEL FAILOVER, longer when the master is cut off from the sentinels), then
// drops them when it becomes a replica of the new one; so does any other replica, which
// Sentinel repoints to the new master. Measured on a real Sentinel, every state write of
// that second vanished although Redis had said OK. The promoted replica stops taking the
// old master's stream when it is promoted, so the old master then has fewer replicas than
// Sentinel last reported, WAIT falls short, and the write is reported as failed
// (errNotReplicated): the command says state is unavailable instead of forgetting a
// channel binding. While Sentinel flags the master as down or failing over, state writes
// are refused outright: Sentinel stops counting the promoted replica then, so the count
// alone would let the old master's other replicas confirm writes bound to be dropped (a
// test caught exactly that). When Sentinel reports no healthy replica there is nothing a
// failover could promote over this master, and writes do not wait. A replica that dies
// costs refused writes only until Sentinel marks it down (its down-after-milliseconds).
//
// Cache entries, invalidations and de-duplication marks are not written through here:
// they must keep working while a replica is missing. Losing one in a failover's second
// costs a miss, a stale entry until its TTL, or a duplicate seen by a second bot replica
// (XP is still applied once: the API de-duplicates the award by its Idempotency-Key).
func (s *Store) writeConfirmed(ctx context.Context, tx bool, fn func(redis.Pipeliner) error) ([]redis.Cmder, error) {
	c, ok := s.rdb.(*redis.Client)
	want := s.replicas.healthy()
	if want < 0 {
		return nil, errNotReplicated
	}
	if s.replicas == nil || !ok || want == 0 {
		if tx {
			return s.rdb.TxPipelined(ctx, fn)
		}
		return s.rdb.Pipelined(ctx, fn)
	}
	// WAIT counts what this connection wrote: keep the writes and the WAIT on one.
	conn := c.Conn()
	defer conn.Close()
	wait := redis.NewIntCmd(ctx, "wait", want, (s.opts.OpTimeout / 3).Milliseconds())
	var cmds []redis.Cmder
	var err error
	if tx {
		if cmds, err = conn.TxPipelined(ctx, fn); err == nil {
			err = conn.Process(ctx, wait)
		}
	} else {
		cmds, err = conn.Pipelined(ctx, func(p redis.Pipeliner) error {
			if err := fn(p); err != nil {
				return err
			}
			return p.Process(ctx, wait)
		})
	}
	if err != nil {
		return cmds, err
	}
	if n, err := wait.Result(); err != nil || n < int64(want) {
		return cmds, errors.Join(errNotReplicated, err)
	}
	return cmds, nil
}

// replicaWatch keeps the number of healthy replicas Sentinel reports for the master, or -1
// while Sentinel says the master is down or being failed over: polled every replicaPoll,
// and set at once from the sentinels' own announcements (+sdown, +odown and +try-failover
// come about a tenth of a second before a replica is promoted; a poll would see them up
// to a second late, and writes confirmed meanwhile by the replica that is not promoted
// would still be dropped).
type replicaWatch struct {
	sentinels []*redis.SentinelClient
	subs      []*redis.PubSub
	master    string
	timeout   time.Duration

	mu    sync.Mutex
	count int

	pollNow chan struct{}
	stop    chan struct{}
	done    sync.WaitGroup
}

// Sentinel announcements that stop state writes, and those after which a poll tells
// whether they may resume.
var (
	failoverStarts = []string{"+sdown", "+odown", "+try-failover"}
	failoverEnds   = []string{"-sdown", "-odown", "+switch-master", "+failover-end", "+failover-end-for-timeout",
		"-failover-abort-not-elected", "-failover-abort-no-good-slave", "-failover-abort-slave-timeout"}
)

// newReplicaWatch asks the sentinels of o once, then every replicaPoll and after their
// announcements, until close.
func newReplicaWatch(ctx context.Context, o *redis.UniversalOptions, timeout time.Duration) *replicaWatch {
	w := &replicaWatch{master: o.MasterName, timeout: timeout, pollNow: make(chan struct{}, 1), stop: make(chan struct{})}
	for _, addr := range o.Addrs {
		sc := redis.NewSentinelClient(&redis.Options{
			Addr: addr, Username: o.SentinelUsername, Password: o.SentinelPassword, TLSConfig: o.TLSConfig,
			DialTimeout: timeout, ReadTimeout: timeout, WriteTimeout: timeout, MaxRetries: -1,
			ContextTimeoutEnabled: true, DisableIdentity: true,
		})
		w.sentinels = append(w.sentinels, sc)
		// Every sentinel: only the one leading a failover announces its steps.
		sub := sc.Subscribe(context.WithoutCancel(ctx), append(append([]string(nil), failoverStarts...), failoverEnds...)...)
		w.subs = append(w.subs, sub)
		w.done.Go(func() { w.listen(sub) })
	}
	w.poll(ctx)
	w.done.Go(func() {
		t := time.NewTicker(replicaPoll)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
			case <-w.pollNow:
			}
			w.poll(context.Background())
		}
	})
	return w
}

// listen applies one sentinel's announcements about the master until its PubSub closes.
func (w *replicaWatch) listen(sub *redis.PubSub) {
	for msg := range sub.Channel() {
		f := strings.Fields(msg.Payload)
		switch {
		case slices.Contains(failoverStarts, msg.Channel):
			// "+sdown master <name> <ip> <port>": the master itself, not one of its replicas.
			if len(f) > 1 && f[0] == "master" && f[1] == w.master {
				w.set(-1)
			}
		case slices.Contains(f, w.master):
			select {
			case w.pollNow <- struct{}{}:
			default:
			}
		}
	}
}

// poll asks the sentinels in turn until one answers; the last count stands otherwise.
// The count is -1 while the master is flagged down or failing over.
func (w *replicaWatch) poll(ctx context.Context) {
	for _, sc := range w.sentinels {
		ctx, cancel := context.WithTimeout(ctx, w.timeout)
		master, err := sc.Master(ctx, w.master).Result()
		var replicas []map[string]string
		if err == nil {
			replicas, err = sc.Replicas(ctx, w.master).Result()
		}
		cancel()
		if err != nil {
			continue
		}
		n := 0
		for _, r := range replicas {
			if r["master-link-status"] == "ok" && !strings.Contains(r["flags"], "down") && !strings.Contains(r["flags"], "disconnected") {
				n++
			}
		}
		if f := master["flags"]; strings.Contains(f, "down") || strings.Contains(f, "failover") {
			n = -1
		}
		w.set(n)
		return
	}
}

func (w *replicaWatch) set(n int) {
	w.mu.Lock()
	w.count = n
	w.mu.Unlock()
}

// healthy is the last count (0 on a nil watch: no Sentinel; -1 while failing over).
func (w *replicaWatch) healthy() int {
	if w == nil {
		return 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.count
}

// close stops the polling and the subscriptions; it is a no-op on a nil watch.
func (w *replicaWatch) close() {
	if w == nil {
		return
	}
	close(w.stop)
	for _, sub := range w.subs {
		_ = sub.Close()
	}
	w.done.Wait()
	for _, sc := range w.sentinels {
		_ = sc.Close()
	}
}
