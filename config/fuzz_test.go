package config

import (
	"errors"
	"testing"
)

// FuzzParse checks that any document either parses or yields an *Error whose
// problems each have a message, and that parsing never panics.
func FuzzParse(f *testing.F) {
	f.Add([]byte("[discord]\ntoken = \"x\"\ndefer_after = \"1s\"\n[[guilds]]\nid = \"1\"\n"))
	f.Add([]byte("[discord]\ntokn = 1\n[discrod]\n"))
	f.Add([]byte("discord = 5\nguilds = [{id = 1, foo = 2}]\n"))
	f.Add([]byte("[valentina]\ntimeout = 10\n[redis]\ncache_ttl = \"soon\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, nil)
		if err == nil {
			if cfg == nil {
				t.Fatal("nil config without an error")
			}
			_ = cfg.Validate(CmdRun)
			return
		}
		var cerr *Error
		if !errors.As(err, &cerr) || len(cerr.Problems) == 0 {
			t.Fatalf("error %v is not an *Error with problems", err)
		}
		for _, p := range cerr.Problems {
			if p.Message == "" {
				t.Fatalf("problem without a message: %+v", p)
			}
		}
	})
}
