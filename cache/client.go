package cache

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// universalOptions turns a Redis URL into client options: one node by default, Redis
// Cluster when the URL names several nodes (?addr=), Sentinel when it names a master
// (?master_name=). Timeouts are short unless the URL sets them, because a slow Redis
// must never make a lookup slow: lookups fall back to the API instead.
func universalOptions(raw string, opTimeout time.Duration) (*redis.UniversalOptions, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error repeats the URL, password included
		}
		return nil, fmt.Errorf("parse redis url: %w", err)
	}
	var o *redis.UniversalOptions
	q := u.Query()
	switch {
	case q.Has("master_name"):
		o, err = sentinelOptions(raw)
	case q.Has("addr"):
		o, err = clusterOptions(raw)
	default:
		o, err = nodeOptions(raw)
	}
	if err != nil {
		return nil, fmt.Errorf("parse redis url: %w", err)
	}
	o.ContextTimeoutEnabled = true
	o.DisableIdentity = true
	o.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	setDefault(&o.DialTimeout, opTimeout)
	setDefault(&o.ReadTimeout, opTimeout)
	setDefault(&o.WriteTimeout, opTimeout)
	setDefault(&o.PoolTimeout, opTimeout)
	setDefault(&o.MinRetryBackoff, time.Millisecond)
	setDefault(&o.MaxRetryBackoff, 20*time.Millisecond)
	if o.MaxRetries == 0 {
		o.MaxRetries = 1 // one retry on a fresh connection after a restart; never more
	}
	if o.PoolSize == 0 {
		o.PoolSize = 16
	}
	return o, nil
}

func nodeOptions(raw string) (*redis.UniversalOptions, error) {
	n, err := redis.ParseURL(raw)
	if err != nil {
		return nil, err
	}
	return &redis.UniversalOptions{
		Addrs: []string{n.Addr}, DB: n.DB, Protocol: n.Protocol, ClientName: n.ClientName,
		Username: n.Username, Password: n.Password, TLSConfig: n.TLSConfig,
		MaxRetries: n.MaxRetries, DialTimeout: n.DialTimeout, ReadTimeout: n.ReadTimeout,
		WriteTimeout: n.WriteTimeout, PoolSize: n.PoolSize, PoolTimeout: n.PoolTimeout,
		MinIdleConns: n.MinIdleConns, MaxIdleConns: n.MaxIdleConns,
	}, nil
}

func clusterOptions(raw string) (*redis.UniversalOptions, error) {
	c, err := redis.ParseClusterURL(raw)
	if err != nil {
		return nil, err
	}
	return &redis.UniversalOptions{
		Addrs: c.Addrs, IsClusterMode: true, Protocol: c.Protocol, ClientName: c.ClientName,
		Username: c.Username, Password: c.Password, TLSConfig: c.TLSConfig,
		MaxRetries: c.MaxRetries, DialTimeout: c.DialTimeout, ReadTimeout: c.ReadTimeout,
		WriteTimeout: c.WriteTimeout, PoolSize: c.PoolSize, PoolTimeout: c.PoolTimeout,
		MinIdleConns: c.MinIdleConns, MaxIdleConns: c.MaxIdleConns,
		ReadOnly: c.ReadOnly, RouteByLatency: c.RouteByLatency, RouteRandomly: c.RouteRandomly,
	}, nil
}

func sentinelOptions(raw string) (*redis.UniversalOptions, error) {
	f, err := redis.ParseFailoverURL(raw)
	if err != nil {
		return nil, err
	}
	return &redis.UniversalOptions{
		Addrs: f.SentinelAddrs, MasterName: f.MasterName, DB: f.DB, Protocol: f.Protocol,
		ClientName: f.ClientName, Username: f.Username, Password: f.Password,
		SentinelUsername: f.SentinelUsername, SentinelPassword: f.SentinelPassword,
		TLSConfig: f.TLSConfig, MaxRetries: f.MaxRetries, DialTimeout: f.DialTimeout,
		ReadTimeout: f.ReadTimeout, WriteTimeout: f.WriteTimeout, PoolSize: f.PoolSize,
		PoolTimeout: f.PoolTimeout, MinIdleConns: f.MinIdleConns, MaxIdleConns: f.MaxIdleConns,
	}, nil
}
