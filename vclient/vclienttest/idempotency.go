package vclienttest

import (
	"crypto/sha256"
	"net/http"
	"time"
)

// idempotencyTTL is how long a 2xx response is kept for replay.
const idempotencyTTL = time.Hour

type idemEntry struct {
	bodyHash [32]byte
	status   int
	header   http.Header
	body     []byte
	expires  time.Time
}

// idempotent implements contract §1.4 around next: POST/PUT/PATCH with an
// Idempotency-Key replay a stored 2xx byte for byte, refuse a different body
// with 409, and store new 2xx responses for an hour. There is deliberately no
// lock between concurrent requests with one key: both run.
func (e *Emulator) idempotent(w *recorder, r *http.Request, body []byte, next func(*recorder)) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" || (r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch) {
		next(w)
		return
	}
	cacheKey := r.Header.Get("X-API-KEY") + "\x00" + key + "\x00" + r.Method + "\x00" + r.URL.Path
	hash := sha256.Sum256(body)
	now := e.now()
	e.mu.Lock()
	hook := e.idemMissHook
	hit := e.idem[cacheKey]
	if hit != nil && !now.Before(hit.expires) {
		delete(e.idem, cacheKey)
		hit = nil
	}
	e.mu.Unlock()
	if hit != nil {
		if hit.bodyHash != hash {
			writeProblem(w, r, &problem{Status: http.StatusConflict, Detail: "Idempotency key '" + key +
				"' was previously used with a different request body. Each unique request must use a unique idempotency key."})
			return
		}
		for k, v := range hit.header {
			w.header[k] = append([]string(nil), v...)
		}
		w.writeBody(hit.status, hit.body)
		return
	}
	if hook != nil {
		hook()
	}
	inner := w.inner()
	next(inner)
	for k, v := range inner.header {
		w.header[k] = v
	}
	w.writeBody(inner.status, inner.body)
	if inner.status < 200 || inner.status > 299 {
		return
	}
	e.mu.Lock()
	e.pruneIdempotency()
	e.idem[cacheKey] = &idemEntry{bodyHash: hash, status: inner.status, header: inner.header.Clone(), body: inner.body, expires: e.now().Add(idempotencyTTL)}
	e.mu.Unlock()
}

// pruneIdempotency drops expired entries once the table has grown, so a
// long-running emulator does not keep every response ever stored.
func (e *Emulator) pruneIdempotency() {
	if len(e.idem) < 1024 || len(e.idem)%1024 != 0 {
		return
	}
	now := e.now()
	for k, v := range e.idem {
		if !now.Before(v.expires) {
			delete(e.idem, k)
		}
	}
}
