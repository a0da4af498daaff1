package commands

import (
	"context"
	"errors"
	"math"
	"net"
	"regexp"
	"strings"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/vclient"
)

// Outcomes reported to logs and metrics.
const (
	outcomeOK          = "ok"
	outcomeUserError   = "user_error"
	outcomeDenied      = "denied"
	outcomeNotFound    = "not_found"
	outcomeAPIError    = "api_error"
	outcomeUnavailable = "unavailable"
	outcomeError       = "error"
)

// userError is a private answer to bad input; nothing was written.
func userError(format string, args ...any) *bot.Response {
	r := bot.Private(format, args...)
	r.Outcome = outcomeUserError
	return r
}

// denied is a private refusal for lack of permission.
func denied(format string, args ...any) *bot.Response {
	r := bot.Private(format, args...)
	r.Outcome = outcomeDenied
	return r
}

// notFound is the private answer for anything the caller may not see or that does not exist.
func notFound(what string) *bot.Response {
	r := bot.Private("%s not found.", what)
	r.Outcome = outcomeNotFound
	return r
}

var requesterNotFound = regexp.MustCompile(`^User \S+ not found$`)

// fail turns an error from the API or the cache into a clear private message and logs the full
// error with the interaction id. The user never sees a stack, a URL or a secret.
func (h *Handlers) fail(ctx context.Context, in *bot.Interaction, err error) *bot.Response {
	h.logFor(in).ErrorContext(ctx, "command failed", "command", in.CommandPath(), "err", err, "request_id", requestID(err))
	var rv *vclient.RequestValidationError
	if errors.As(err, &rv) {
		return invalidInput(rv)
	}
	var apiErr *vclient.APIError
	if errors.As(err, &apiErr) {
		return apiErrorResponse(apiErr)
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || isNetErr(err) {
		return unavailable()
	}
	r := bot.Private("Something went wrong (ref %s).", in.ID)
	r.Outcome = outcomeError
	return r
}

// optionOfField names the API fields whose option is called differently in Discord.
var optionOfField = map[string]string{
	"num_dice":             "pool",
	"num_desperation_dice": "desperation",
	"num_top_traits":       "top",
	"trait_ids":            "traits",
}

// invalidInput explains a request vclient refused to send, naming the field as the user knows
// it: "Invalid `pool`: must be at least 1, got 0." Commands check their bounds first, so this
// is a safety net, never the usual answer to bad input.
func invalidInput(rv *vclient.RequestValidationError) *bot.Response {
	name, ok := optionOfField[rv.Field]
	if !ok {
		name = strings.ReplaceAll(rv.Field, "_", " ")
	}
	return userError("Invalid `%s`: %s.", name, strings.TrimSuffix(rv.Message, "."))
}

// apiErrorResponse maps an API error to the messages of SPEC §4.3.
func apiErrorResponse(e *vclient.APIError) *bot.Response {
	switch {
	case e.StatusCode == 400:
		detail := strings.TrimSpace(e.Detail)
		if requesterNotFound.MatchString(detail) {
			r := bot.Private(msgLinkChanged)
			r.Outcome = outcomeAPIError
			return r
		}
		if detail == "" {
			detail = "Valentina refused the request."
		}
		r := bot.Private("%s", detail)
		r.Outcome = outcomeAPIError
		return r
	case e.StatusCode == 403:
		return denied("You are not allowed to do that.")
	case e.StatusCode == 404:
		r := bot.Private("Not found.")
		r.Outcome = outcomeNotFound
		return r
	case e.StatusCode == 429:
		secs := int(math.Ceil(e.RetryAfter.Seconds()))
		if secs < 1 {
			secs = 1
		}
		r := bot.Private("Valentina is busy, try again in %d s.", secs)
		r.Outcome = outcomeUnavailable
		return r
	case e.StatusCode >= 500:
		r := unavailable()
		if e.RequestID != "" {
			// The storyteller can quote it to whoever runs the API.
			r.Content += " (ref `" + e.RequestID + "`)"
		}
		return r
	}
	r := bot.Private("Valentina answered with an unexpected error (%d).", e.StatusCode)
	r.Outcome = outcomeAPIError
	return r
}

// unavailable is the private answer when Valentina is down, slow or unreachable.
func unavailable() *bot.Response {
	r := bot.Private("Valentina is unavailable right now. Try again in a moment.")
	r.Outcome = outcomeUnavailable
	return r
}

// stateUnavailable answers when the bot's state could not be read or written; what is
// logged with err.
func (h *Handlers) stateUnavailable(ctx context.Context, in *bot.Interaction, what string, err error) *bot.Response {
	h.logFor(in).ErrorContext(ctx, what, "err", err)
	r := bot.Private(msgStateMissing)
	r.Outcome = outcomeUnavailable
	return r
}

// isNetErr reports a network failure (refused, reset, timed out) under err.
func isNetErr(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}

// isUserGone reports whether err is the API saying the caller's own user no longer exists (404
// "User not found" on the path user, or 400 "User <id> not found" for the requester): the link
// changed under us and the identity entry must go.
func isUserGone(err error) bool {
	apiErr, ok := asAPIError(err)
	if !ok {
		return false
	}
	d := strings.TrimSpace(apiErr.Detail)
	return (apiErr.StatusCode == 404 && d == "User not found") ||
		(apiErr.StatusCode == 400 && requesterNotFound.MatchString(d))
}

// failAsCaller is fail for calls made on the caller's behalf: when the API says the caller's
// user is gone, the identity entry is dropped and the caller is asked to try again.
func (h *Handlers) failAsCaller(ctx context.Context, in *bot.Interaction, c *Caller, err error) *bot.Response {
	if isUserGone(err) {
		h.Lookups.DropIdentity(ctx, c.CompanyID(), c.DiscordID)
		h.logFor(in).WarnContext(ctx, "caller's user vanished; identity dropped", "err", err, "request_id", requestID(err))
		return userError(msgLinkChanged)
	}
	return h.fail(ctx, in, err)
}

// requestID is the API's request id carried by err ("" when there is none), logged with every
// API error so a report can be matched with the server's logs.
func requestID(err error) string {
	if apiErr, ok := asAPIError(err); ok {
		return apiErr.RequestID
	}
	return ""
}

// asAPIError unwraps an *vclient.APIError.
func asAPIError(err error) (*vclient.APIError, bool) {
	var apiErr *vclient.APIError
	ok := errors.As(err, &apiErr)
	return apiErr, ok
}
