package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Load reads the TOML file at path (see Parse). Problems name the file.
func Load(path string, lookupEnv func(string) (string, bool)) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	cfg, err := Parse(data, lookupEnv)
	if e, ok := errors.AsType[*Error](err); ok {
		e.Source = path
	}
	return cfg, err
}

// Parse decodes a TOML document strictly over Default(), fills in [[guilds]]
// defaults, then applies NOIRBOT_<SECTION>_<KEY> overrides found through
// lookupEnv (nil: no overrides; an empty value counts as unset). An empty
// document gives the defaults. Errors are *Error, one problem per key, with
// the line of each unknown or malformed key.
func Parse(data []byte, lookupEnv func(string) (string, bool)) (*Config, error) {
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		return nil, &Error{Problems: []Problem{decodeProblem(err)}}
	}
	if ps := checkDurationTypes(data, raw); len(ps) > 0 {
		return nil, &Error{Problems: ps}
	}

	cfg := Default()
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return nil, &Error{Problems: strictProblems(data, err)}
	}
	if err := fillGuildDefaults(data, cfg); err != nil {
		return nil, err
	}
	if lookupEnv != nil {
		if err := applyEnv(cfg, lookupEnv); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// fillGuildDefaults sets xp_policy and max_xp_per_command on the [[guilds]]
// blocks that leave them out (an explicit 0 stays 0, and Validate reports it).
func fillGuildDefaults(data []byte, cfg *Config) error {
	var seen struct {
		Guilds []struct {
			XPPolicy        *string `toml:"xp_policy"`
			MaxXPPerCommand *int    `toml:"max_xp_per_command"`
		} `toml:"guilds"`
	}
	if err := toml.Unmarshal(data, &seen); err != nil {
		return &Error{Problems: []Problem{decodeProblem(err)}}
	}
	def := DefaultGuild()
	for i := range cfg.Guilds {
		if i >= len(seen.Guilds) {
			break
		}
		if seen.Guilds[i].XPPolicy == nil {
			cfg.Guilds[i].XPPolicy = def.XPPolicy
		}
		if seen.Guilds[i].MaxXPPerCommand == nil {
			cfg.Guilds[i].MaxXPPerCommand = def.MaxXPPerCommand
		}
	}
	return nil
}

// strictProblems turns the strict decoder's error into problems with lines.
func strictProblems(data []byte, err error) []Problem {
	if sm, ok := errors.AsType[*toml.StrictMissingError](err); ok {
		ps := make([]Problem, 0, len(sm.Errors))
		for i := range sm.Errors {
			de := &sm.Errors[i]
			line, _ := de.Position()
			path := []string(de.Key())
			what := "unknown key"
			if strings.Contains(de.Error(), "missing table") {
				what = "unknown table"
			}
			if s := suggest(path); s != "" {
				what += fmt.Sprintf(" (did you mean %s?)", s)
			}
			ps = append(ps, Problem{Key: keyName(data, path, line), Line: line, Message: what})
		}
		return ps
	}
	return []Problem{decodeProblem(err)}
}

var cannotDecode = regexp.MustCompile(`cannot decode TOML (\w+) into struct field \S+ of type (\S+)`)

// decodeProblem describes a syntax or type error with its key and line.
func decodeProblem(err error) Problem {
	de, ok := errors.AsType[*toml.DecodeError](err)
	if !ok {
		return Problem{Message: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	line, _ := de.Position()
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	if m := cannotDecode.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("expected %s, found a TOML %s", friendlyType(m[2]), m[1])
	}
	return Problem{Key: strings.Join(de.Key(), "."), Line: line, Message: msg}
}

func friendlyType(goType string) string {
	switch goType {
	case "bool":
		return "true or false"
	case "int":
		return "an integer"
	case "string", "config.Secret":
		return "a quoted string"
	case "config.Duration":
		return `a duration string such as "10s"`
	case "[]config.Guild":
		return "[[guilds]] blocks"
	default:
		return "a table"
	}
}
