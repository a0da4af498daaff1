package main

import (
	"log/slog"

	"github.com/noirbot/noirbot/config"
	"github.com/noirbot/noirbot/vclient"
)

// newVClient builds the Valentina client every command of noirbot uses, from the [valentina]
// section: base URL, key, per-attempt timeout, retries and the contract dialect api_version
// names, so that no construction site can speak another dialect than the configured one. The
// config is validated: the timeout is positive, max_retries (0 included) is meant as given and
// api_version is v1 or v2. extra options (an observer) come last.
func newVClient(v config.Valentina, log *slog.Logger, extra ...vclient.Option) (*vclient.Client, error) {
	opts := append([]vclient.Option{
		vclient.WithTimeout(v.Timeout.Duration),
		vclient.WithMaxRetries(v.MaxRetries),
		vclient.WithUserAgent("noirbot/" + version),
		vclient.WithLogger(log),
		vclient.WithAPIVersion(vclient.APIVersion(v.APIVersion)),
	}, extra...)
	return vclient.New(v.BaseURL, v.APIKey.Reveal(), opts...)
}
