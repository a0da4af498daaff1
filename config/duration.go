package config

import (
	"fmt"
	"time"
)

// Duration is a time.Duration written in TOML and the environment as a Go
// duration string such as "10s" or "1500ms".
type Duration struct{ time.Duration }

// UnmarshalText parses a duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration (write it like \"10s\" or \"1500ms\")", b)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as a string, so a Config round-trips.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
