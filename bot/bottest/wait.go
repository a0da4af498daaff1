package bottest

import (
	"bytes"
	"sync"
	"time"
)

// SyncBuffer collects what a running bot writes (its JSON log lines, a command's stderr) from
// many goroutines while the test reads it.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String is everything written so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// WaitUntil polls cond until it holds or FailTimeout passes: waiting for an
// event that happens in the background, never a timing assertion.
func WaitUntil(cond func() bool) bool {
	deadline := time.Now().Add(FailTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}
