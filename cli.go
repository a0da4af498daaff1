package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/noirbot/noirbot/config"
)

// defaultConfigPath is read by run, register, link and healthcheck when -config is not given.
const defaultConfigPath = "config.toml"

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: noirbot %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; ok is false when the command must stop with code (0 after -h).
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0, false
	case err != nil:
		return 2, false
	case fs.NArg() > 0:
		fmt.Fprintf(fs.Output(), "noirbot %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return 2, false
	}
	return 0, true
}

// loadConfig reads the configuration for cmd: the -config file, else ./config.toml when
// implicit reading is allowed and the file exists, else the defaults; then environment
// overrides and validation. Problems are printed one per line; ok is false then.
func loadConfig(path string, implicit bool, cmd string, lookupEnv func(string) (string, bool), stderr io.Writer) (*config.Config, bool) {
	if path == "" && implicit {
		if _, err := os.Stat(defaultConfigPath); err == nil {
			path = defaultConfigPath
		}
	}
	var (
		cfg *config.Config
		err error
	)
	if path != "" {
		cfg, err = config.Load(path, lookupEnv)
	} else {
		cfg, err = config.Parse(nil, lookupEnv)
	}
	if err == nil {
		err = cfg.Validate(cmd)
	}
	if err != nil {
		printConfigError(stderr, err)
		return nil, false
	}
	return cfg, true
}

func printConfigError(w io.Writer, err error) {
	var ce *config.Error
	if errors.As(err, &ce) {
		fmt.Fprintln(w, ce.Error())
		return
	}
	fmt.Fprintf(w, "config: %v\n", err)
}

// newLogger builds the process logger from [log].
func newLogger(l config.Log, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: l.SlogLevel()}
	if l.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
