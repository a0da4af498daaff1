package bottest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Signer signs interaction requests the way Discord does, with a generated Ed25519 key.
type Signer struct {
	Public  ed25519.PublicKey
	private ed25519.PrivateKey
}

// NewSigner generates a fresh key pair.
func NewSigner() *Signer {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(fmt.Sprintf("generate ed25519 key: %v", err))
	}
	return &Signer{Public: pub, private: priv}
}

// Headers are the X-Signature-Ed25519 and X-Signature-Timestamp headers for body sent at ts.
func (s *Signer) Headers(body []byte, ts time.Time) http.Header {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(s.private, append([]byte(stamp), body...))
	h := http.Header{}
	h.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	h.Set("X-Signature-Timestamp", stamp)
	h.Set("Content-Type", "application/json")
	return h
}

// Request builds a signed POST of body to url, stamped now.
func (s *Signer) Request(ctx context.Context, url string, body []byte) (*http.Request, error) {
	return s.RequestAt(ctx, url, body, time.Now())
}

// RequestAt builds a signed POST of body to url, stamped ts.
func (s *Signer) RequestAt(ctx context.Context, url string, body []byte, ts time.Time) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("build signed request: %w", err)
	}
	req.Header = s.Headers(body, ts)
	return req, nil
}
