package app

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/redis/go-redis/v9"

	"github.com/noirbot/noirbot/vclient"
	"github.com/noirbot/noirbot/vclient/vclienttest"
)

// Environment of a bench server process (TestBenchServerChild).
const (
	benchServerEnv = "NOIRBOT_BENCH_SERVER" // "bot" or "floor"
	benchAPIEnv    = "NOIRBOT_BENCH_API"    // the emulator's URL
	benchRedisEnv  = "NOIRBOT_BENCH_REDIS"  // the bot's Redis URL
	benchPubKeyEnv = "NOIRBOT_BENCH_PUBKEY" // hex Ed25519 public key of the load generator
	benchIDsEnv    = "NOIRBOT_BENCH_IDS"    // the sandbox's company, Alice, her quickroll, Mara
)

// serverStats is what a bench server process reports about itself (GET /stats): its CPU
// time (getrusage, user + system), its heap allocations (runtime/metrics) and, for the bot,
// the Redis commands it sent and the round trips they took (a go-redis hook: one per command
// or pipeline).
type serverStats struct {
	CPU         time.Duration `json:"cpu"`
	Allocs      uint64        `json:"allocs"`
	RedisCmds   int64         `json:"redis_cmds"`
	RedisTrips  int64         `json:"redis_trips"`
	RedisOnline bool          `json:"redis_online"`
}

// TestBenchServerChild is not a test: re-executed by the floor comparison, it serves
// interactions in a process of its own, so that its CPU and allocations are its own: noirbot
// as `noirbot run` runs it, or the floor (floorHandler). It prints its interactions and stats
// URLs and serves until its stdin closes.
func TestBenchServerChild(t *testing.T) {
	kind := os.Getenv(benchServerEnv)
	if kind == "" {
		t.Skip("runs only as a bench server process")
	}
	counter := &redisCounter{}
	ids := strings.Split(os.Getenv(benchIDsEnv), ",")
	if len(ids) != 4 {
		t.Fatalf("%s: want 4 ids", benchIDsEnv)
	}
	var handler http.Handler
	switch kind {
	case "floor":
		f, err := newFloorHandler(os.Getenv(benchPubKeyEnv), os.Getenv(benchAPIEnv), testAPIVersion(), ids)
		if err != nil {
			t.Fatal(err)
		}
		handler = f
	case "bot":
		env := newBenchEnv(t, benchSetup{redisURL: os.Getenv(benchRedisEnv), apiURL: os.Getenv(benchAPIEnv),
			publicKey: os.Getenv(benchPubKeyEnv), companyID: ids[0]})
		env.app.store.Redis().AddHook(counter)
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, env.url, http.StatusTemporaryRedirect) // never used: the parent posts to env.url
		})
		fmt.Printf("BENCH-SERVER %s ", env.url)
	default:
		t.Fatalf("unknown bench server %q", kind)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/interactions", handler)
	mux.HandleFunc("/stats", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(serverStats{CPU: processCPU(), Allocs: heapAllocs(),
			RedisCmds: counter.cmds.Load(), RedisTrips: counter.trips.Load(), RedisOnline: kind == "bot"})
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	if kind == "floor" {
		fmt.Printf("BENCH-SERVER http://%s/interactions ", ln.Addr())
	}
	fmt.Printf("http://%s/stats\n", ln.Addr())
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = srv.Close()
}

// benchServer is a running bench server process.
type benchServer struct {
	name, url, statsURL string
}

// startBenchServer runs TestBenchServerChild as kind ("bot" or "floor") in dialect version.
func startBenchServer(t testing.TB, kind, apiURL, redisURL string, pub ed25519.PublicKey, version vclienttest.APIVersion, sb *vclienttest.Demo) *benchServer {
	t.Helper()
	env := []string{benchServerEnv + "=" + kind, benchAPIEnv + "=" + apiURL, benchRedisEnv + "=" + redisURL,
		benchPubKeyEnv + "=" + hex.EncodeToString(pub), "NOIRBOT_TEST_API_VERSION=" + string(version),
		benchIDsEnv + "=" + strings.Join([]string{sb.CompanyID, sb.Alice, sb.Quickrolls["Dexterity + Firearms"], sb.Mara}, ",")}
	urls := strings.Fields(startChild(t, "TestBenchServerChild", "BENCH-SERVER ", env))
	return &benchServer{name: kind, url: urls[0], statsURL: urls[1]}
}

// startChild runs the test named test of this binary in a child process with env added,
// until t ends (its stdin closes then), and returns the rest of the first line it prints
// after prefix (its URLs).
func startChild(t testing.TB, test, prefix string, env []string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.v=true")
	cmd.Env = append(os.Environ(), env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", test, err)
	}
	t.Cleanup(func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	})
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), prefix); ok {
			go func() { _, _ = io.Copy(io.Discard, stdout) }()
			return rest
		}
	}
	t.Fatalf("%s printed no %q line: %v", test, prefix, sc.Err())
	return ""
}

// stats asks the server for its figures.
func (b *benchServer) stats(t testing.TB) serverStats {
	t.Helper()
	resp, err := http.Get(b.statsURL)
	if err != nil {
		t.Fatalf("stats of %s: %v", b.name, err)
	}
	defer resp.Body.Close()
	var s serverStats
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatalf("stats of %s: %v", b.name, err)
	}
	return s
}

// processCPU is the process's CPU time so far, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// heapAllocs is the number of heap objects allocated so far.
func heapAllocs() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:objects"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// redisCounter is a go-redis hook counting commands and round trips (a command sent alone
// or a pipeline is one round trip).
type redisCounter struct{ cmds, trips atomic.Int64 }

func (c *redisCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *redisCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.cmds.Add(1)
		c.trips.Add(1)
		return next(ctx, cmd)
	}
}

func (c *redisCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.cmds.Add(int64(len(cmds)))
		c.trips.Add(1)
		return next(ctx, cmds)
	}
}

// floorHandler is the floor of SPEC §9: the least a bot can do to answer a /quickroll inline
// — verify the Ed25519 signature, decode the interaction, make the one API call (Alice rolls
// "Dexterity + Firearms" with Mara, ids known in advance) and encode the answer — with no
// Redis, no routing, no caller resolution.
type floorHandler struct {
	pub                           ed25519.PublicKey
	api                           *vclient.Client
	company, quickroll, character string
}

// newFloorHandler builds the floor for the sandbox emulator at apiURL, whose company, Alice,
// her quickroll and Mara have the given ids.
func newFloorHandler(pubHex, apiURL string, version vclienttest.APIVersion, ids []string) (*floorHandler, error) {
	pub, err := hex.DecodeString(pubHex)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	api, err := vclient.New(apiURL, vclienttest.DefaultAPIKey, vclient.WithAPIVersion(vclient.APIVersion(version)))
	if err != nil {
		return nil, err
	}
	return &floorHandler{pub: pub, api: api.OnBehalfOf(ids[1]), company: ids[0], quickroll: ids[2], character: ids[3]}, nil
}

func (f *floorHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	sig, _ := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
	msg := append([]byte(r.Header.Get("X-Signature-Timestamp")), body...)
	if err != nil || len(sig) != ed25519.SignatureSize || !ed25519.Verify(f.pub, msg, sig) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var in discordgo.Interaction
	if err := json.Unmarshal(body, &in); err != nil {
		http.Error(w, "bad interaction", http.StatusBadRequest)
		return
	}
	ctx := vclient.WithIdempotencyKey(r.Context(), "noirbot-"+in.ID+"-roll")
	roll, err := f.api.DiceRolls(f.company).CreateFromQuickroll(ctx,
		&vclient.QuickrollRoll{QuickrollID: f.quickroll, CharacterID: f.character, Difficulty: 6})
	answer := "roll failed"
	if err == nil && roll.Result != nil {
		answer = roll.Result.TotalResultHumanized
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Title: "Dexterity + Firearms", Description: answer}}}})
}
