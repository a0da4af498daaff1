package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// EnvVar returns the environment variable that overrides section.key, for
// example EnvVar("discord", "token") == "NOIRBOT_DISCORD_TOKEN".
func EnvVar(section, key string) string {
	return "NOIRBOT_" + strings.ToUpper(section) + "_" + strings.ToUpper(key)
}

// EnvVars lists every supported override variable, in configuration order.
func EnvVars() []string {
	fs := sectionFields()
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = EnvVar(f.section, f.key)
	}
	return names
}

// applyEnv overrides every scalar key outside [[guilds]] whose variable is set
// and not empty; values that do not parse are problems naming the variable.
func applyEnv(cfg *Config, lookupEnv func(string) (string, bool)) error {
	var ps problems
	root := reflect.ValueOf(cfg).Elem()
	for _, f := range sectionFields() {
		name := EnvVar(f.section, f.key)
		raw, ok := lookupEnv(name)
		raw = strings.TrimSpace(raw)
		if !ok || raw == "" {
			continue
		}
		if err := setScalar(root.FieldByIndex(f.index), raw); err != nil {
			ps.add(name, "%v", err)
		}
	}
	return ps.err()
}

// setScalar parses raw into a string, Secret, bool, int or Duration field.
func setScalar(v reflect.Value, raw string) error {
	if v.Type() == durationType {
		return v.Addr().Interface().(*Duration).UnmarshalText([]byte(raw))
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(raw)
	case reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("%q is not a boolean (use true or false)", raw)
		}
		v.SetBool(b)
	case reflect.Int:
		n, err := strconv.Atoi(raw)
		if err != nil {
			return fmt.Errorf("%q is not an integer", raw)
		}
		v.SetInt(int64(n))
	default:
		return fmt.Errorf("cannot be set from the environment (type %s)", v.Type())
	}
	return nil
}
