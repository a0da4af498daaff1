package app

import (
	"context"
	"log/slog"

	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
)

// NewVClient builds the Valentina client every command of noirbot uses, from the [valentina]
// section: base URL, key, per-attempt timeout, retries and the contract dialect api_version
// names, so that no construction site can speak another dialect than the configured one. The
// config is validated: the timeout is positive, max_retries (0 included) is meant as given and
// api_version is v1 or v2. build names the binary in the User-Agent ("noirbot/<build>"); extra
// options (an observer) come last.
func NewVClient(v config.Valentina, build string, log *slog.Logger, extra ...vclient.Option) (*vclient.Client, error) {
	opts := append([]vclient.Option{
		vclient.WithTimeout(v.Timeout.Duration),
		vclient.WithMaxRetries(v.MaxRetries),
		vclient.WithUserAgent("noirbot/" + build),
		vclient.WithLogger(log),
		vclient.WithAPIVersion(vclient.APIVersion(v.APIVersion)),
	}, extra...)
	return vclient.New(v.BaseURL, v.APIKey.Reveal(), opts...)
}

// OpenCache opens the Redis cache the [redis] section names (an embedded one when its URL is
// empty), with its key prefix and TTLs. adjust sets what the section does not say (the app's
// observer, its in-process TTL, a test's operation timeout).
func OpenCache(ctx context.Context, r config.Redis, log *slog.Logger, adjust ...func(*cache.Options)) (*cache.Store, error) {
	opts := cache.Options{
		URL:         r.URL.Reveal(),
		KeyPrefix:   r.KeyPrefix,
		CacheTTL:    r.CacheTTL.Duration,
		IdentityTTL: r.IdentityTTL.Duration,
		Logger:      log,
	}
	for _, f := range adjust {
		f(&opts)
	}
	return cache.Open(ctx, opts)
}
