package cache

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedisURLs(t *testing.T) {
	tests := []struct {
		name       string
		url        string
		addrs      []string
		cluster    bool
		master     string
		tls        bool
		password   string
		readTimout time.Duration
	}{
		{name: "one node", url: "redis://:pw@10.0.0.1:6379/2", addrs: []string{"10.0.0.1:6379"}, password: "pw", readTimout: 300 * time.Millisecond},
		{name: "tls", url: "rediss://cache.example:6380", addrs: []string{"cache.example:6380"}, tls: true, readTimout: 300 * time.Millisecond},
		{name: "cluster", url: "redis://a:7000?addr=b:7001&addr=c:7002", addrs: []string{"a:7000", "b:7001", "c:7002"}, cluster: true, readTimout: 300 * time.Millisecond},
		{name: "sentinel", url: "redis://s1:26379?master_name=main&addr=s2:26379", addrs: []string{"s1:26379", "s2:26379"}, master: "main", readTimout: 300 * time.Millisecond},
		{name: "timeouts from the URL win", url: "redis://h:1?read_timeout=2s", addrs: []string{"h:1"}, readTimout: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := universalOptions(tt.url, DefaultOpTimeout)
			require.NoError(t, err)
			assert.Equal(t, tt.addrs, o.Addrs)
			assert.Equal(t, tt.cluster, o.IsClusterMode)
			assert.Equal(t, tt.master, o.MasterName)
			assert.Equal(t, tt.tls, o.TLSConfig != nil)
			assert.Equal(t, tt.password, o.Password)
			assert.True(t, o.ContextTimeoutEnabled)
			assert.Equal(t, tt.readTimout, o.ReadTimeout)
			assert.Equal(t, DefaultOpTimeout, o.DialTimeout)
			assert.Equal(t, 1, o.MaxRetries)
		})
	}
}

func TestBadRedisURLsAreRejected(t *testing.T) {
	for _, u := range []string{"http://h:1", "redis://h:1?nonsense=1", "redis://h:1/notadb"} {
		_, err := Open(t.Context(), Options{URL: u})
		assert.Error(t, err, u)
	}
}

func TestURLErrorsDoNotRevealThePassword(t *testing.T) {
	_, err := Open(t.Context(), Options{URL: "redis://user:hunter2@host:port/0"})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}
