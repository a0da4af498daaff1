package bot

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
)

// MaxInteractionBody is the largest interaction body accepted (larger → 413).
const MaxInteractionBody = 1 << 20

type httpHandler struct {
	engine *Engine
	key    ed25519.PublicKey
	now    func() time.Time
}

// NewInteractionsHandler serves POST /interactions: 413 over 1 MiB, 401 for a
// missing or wrong signature, 401 for a timestamp more than 5 minutes off,
// 400 for malformed JSON (none of these does other work), PONG for PING, and
// otherwise the interaction's first response as the HTTP answer while the rest
// of its work continues in the background.
func NewInteractionsHandler(e *Engine, publicKey ed25519.PublicKey) http.Handler {
	h := &httpHandler{engine: e, key: publicKey, now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /interactions", h.serve)
	return mux
}

// firstWrite carries the first response to the HTTP handler and its write result back.
type firstWrite struct {
	resp *discordgo.InteractionResponse
	err  chan error
}

func (h *httpHandler) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxInteractionBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if !verifySignature(r.Header, body, h.key) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	if !freshTimestamp(r.Header.Get("X-Signature-Timestamp"), h.now()) {
		http.Error(w, "stale request timestamp", http.StatusUnauthorized)
		return
	}
	var head struct {
		Type discordgo.InteractionType `json:"type"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		http.Error(w, "malformed JSON", http.StatusBadRequest)
		return
	}
	if head.Type == discordgo.InteractionPing {
		writeJSON(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	}
	in, err := ParseInteraction(body, h.engine.cfg.Now())
	if err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	h.dispatch(w, r, in)
}

// dispatch runs the interaction in the background and answers with its first response.
func (h *httpHandler) dispatch(w http.ResponseWriter, r *http.Request, in *Interaction) {
	firsts := make(chan firstWrite)
	finished := make(chan struct{})
	reqDone := r.Context().Done()
	first := func(resp *discordgo.InteractionResponse) error {
		fw := firstWrite{resp: resp, err: make(chan error, 1)}
		select {
		case firsts <- fw:
			return <-fw.err
		case <-reqDone:
			return errors.New("interaction HTTP request ended before the first response")
		}
	}
	go func() {
		defer close(finished)
		h.engine.dispatch(context.WithoutCancel(r.Context()), in, first, true)
	}()
	select {
	case fw := <-firsts:
		fw.err <- h.answer(r.Context(), w, in, fw.resp)
	case <-finished:
		// Nothing was sent (cannot happen for a known type): never leave Discord hanging.
		_ = writeJSON(w, callbackJSON{wentWrong(in, "no_response").inline()})
	case <-reqDone:
	}
}

// uploadBudget is how long, counted from the interaction's arrival, the upload
// of a first response with files may take: what is left of Discord's window is
// kept for answering without the files should the upload fail.
const uploadBudget = FirstResponseDeadline - 500*time.Millisecond

// answer writes the first response as the HTTP answer. Discord documents no
// files in that answer, so a response with files is sent through Create
// Interaction Response (multipart/form-data) and the request then gets a 202
// with no body, as Discord asks of an interaction answered that way. When the
// upload fails, the answer goes out inline without its files rather than not at all.
func (h *httpHandler) answer(ctx context.Context, w http.ResponseWriter, in *Interaction, resp *discordgo.InteractionResponse) error {
	if !hasFiles(resp) {
		return writeJSON(w, callbackJSON{resp})
	}
	left := uploadBudget
	if !in.Received.IsZero() {
		left -= h.engine.cfg.Now().Sub(in.Received)
	}
	upload, cancel := context.WithTimeout(context.WithoutCancel(ctx), left)
	defer cancel()
	err := h.engine.rest().Callback(upload, in.ID, in.Token, resp)
	if err == nil {
		w.WriteHeader(http.StatusAccepted)
		return nil
	}
	attrs := append(interactionAttrs(in), "error", err)
	h.engine.log.ErrorContext(ctx, "upload first response with files; answering without them", attrs...)
	return writeJSON(w, callbackJSON{withoutFiles(resp)})
}

func writeJSON(w http.ResponseWriter, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode response", http.StatusInternalServerError)
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(data)
	return err
}
