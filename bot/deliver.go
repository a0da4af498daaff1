package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
)

// sendFirst sends the first response; a failure is logged (there is nobody to tell).
func (e *Engine) sendFirst(ctx context.Context, in *Interaction, first func(*discordgo.InteractionResponse) error, r *discordgo.InteractionResponse) {
	if err := first(r); err != nil {
		attrs := append(interactionAttrs(in), "type", int(r.Type), "error", err)
		e.log.ErrorContext(ctx, "send first interaction response", attrs...)
	}
}

// laterCtx outlives the interaction's deadline so a late result is still delivered.
func laterCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), deliveryTimeout)
}

func (e *Engine) deliverInline(ctx context.Context, in *Interaction, first func(*discordgo.InteractionResponse) error, resp *Response) {
	e.sendFirst(ctx, in, first, resp.inline())
	if (resp.Kind == NewMessage || resp.Kind == UpdateMessage) && len(resp.FollowUps) > 0 {
		ctx, cancel := laterCtx(ctx)
		defer cancel()
		e.followUps(ctx, in, resp.FollowUps, resp.Ephemeral)
	}
}

func (e *Engine) followUps(ctx context.Context, in *Interaction, msgs []Message, ephemeral bool) {
	for i := range msgs {
		e.logREST(ctx, in, "follow-up", e.rest().FollowUp(ctx, in.Token, &msgs[i], ephemeral))
	}
}

func (e *Engine) rest() *REST {
	if e.cfg.REST == nil {
		return NewREST("", "", e.cfg.ApplicationID)
	}
	return e.cfg.REST
}

func (e *Engine) logREST(ctx context.Context, in *Interaction, what string, err error) {
	if err != nil {
		attrs := append(interactionAttrs(in), "error", err)
		e.log.ErrorContext(ctx, "deliver "+what, attrs...)
	}
}

// deliverLate sends a result after the deferred acknowledgement, unless the
// restart notice already took its place.
func (e *Engine) deliverLate(ctx context.Context, p *pending, resp *Response) {
	if !p.claim() {
		return
	}
	in, route := p.in, p.route
	ctx, cancel := laterCtx(ctx)
	defer cancel()
	rest := e.rest()
	if resp.Kind == ModalForm || resp.Kind == Choices {
		resp = Private(lateKindText)
		resp.Outcome = "late"
	}
	switch {
	case route.Updates && resp.Kind == UpdateMessage:
		e.logREST(ctx, in, "edit", rest.EditOriginal(ctx, in.Token, &resp.Message))
	case route.Updates:
		e.logREST(ctx, in, "follow-up", rest.FollowUp(ctx, in.Token, &resp.Message, resp.Ephemeral))
	case resp.Ephemeral && !route.Ephemeral:
		// A public "thinking…" cannot become private: replace it with an ephemeral follow-up.
		e.logREST(ctx, in, "delete", rest.DeleteOriginal(ctx, in.Token))
		e.logREST(ctx, in, "follow-up", rest.FollowUp(ctx, in.Token, &resp.Message, true))
	default:
		e.logREST(ctx, in, "edit", rest.EditOriginal(ctx, in.Token, &resp.Message))
	}
	e.followUps(ctx, in, resp.FollowUps, resp.Ephemeral || (route.Ephemeral && !route.Updates))
}

// refusal answers an interaction that arrives while shutting down.
func refusal(in *Interaction) *discordgo.InteractionResponse {
	if in.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return choicesResponse(nil)
	}
	return Private(restartingText).inline()
}

// bareAck acknowledges a duplicate delivery without doing any work.
func bareAck(in *Interaction) *discordgo.InteractionResponse {
	switch in.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		return choicesResponse(nil)
	case discordgo.InteractionMessageComponent:
		return deferredAck(true, false)
	}
	return deferredAck(false, false)
}

// admit registers an interaction as in flight; nil once shutting down.
func (e *Engine) admit(in *Interaction) *pending {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closing {
		return nil
	}
	p := &pending{in: in}
	e.inflight[p] = struct{}{}
	e.wg.Add(1)
	return p
}

func (e *Engine) release(p *pending) {
	e.mu.Lock()
	delete(e.inflight, p)
	e.mu.Unlock()
	e.wg.Done()
}

func (p *pending) markDeferred() {
	p.mu.Lock()
	p.deferred = true
	p.mu.Unlock()
}

// claim takes the right to answer after the deferral; false when already taken.
func (p *pending) claim() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return false
	}
	p.finished = true
	return true
}

// Shutdown stops taking interactions (new ones are told noirbot is restarting),
// waits up to ShutdownGrace (or ctx) for in-flight ones, then replaces every
// still-deferred response with "noirbot restarted". It reports how many were cut off.
func (e *Engine) Shutdown(ctx context.Context) error {
	e.mu.Lock()
	e.closing = true
	e.mu.Unlock()
	idle := make(chan struct{})
	go func() { e.wg.Wait(); close(idle) }()
	grace, cancel := context.WithTimeout(ctx, e.cfg.ShutdownGrace)
	defer cancel()
	select {
	case <-idle:
		return nil
	case <-grace.Done():
	}
	e.mu.Lock()
	cut := make([]*pending, 0, len(e.inflight))
	for p := range e.inflight {
		cut = append(cut, p)
	}
	e.mu.Unlock()
	sendCtx, cancelSend := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancelSend()
	for _, p := range cut {
		e.restartNotice(sendCtx, p)
	}
	return fmt.Errorf("shutdown: %d interactions still running after the grace period", len(cut))
}

func (e *Engine) restartNotice(ctx context.Context, p *pending) {
	p.mu.Lock()
	if !p.deferred || p.finished {
		p.mu.Unlock()
		return
	}
	p.finished = true
	p.mu.Unlock()
	text := restartedText
	if p.route.Award {
		text = restartedAward
	}
	m := &Message{Content: text}
	if p.route.Updates {
		e.logREST(ctx, p.in, "restart notice", e.rest().FollowUp(ctx, p.in.Token, m, true))
		return
	}
	e.logREST(ctx, p.in, "restart notice", e.rest().EditOriginal(ctx, p.in.Token, m))
}
