package oauth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/vclient"
)

// Bounds on what a callback may carry; anything beyond is refused before any work.
const (
	maxQuery = 2048 // the whole query string
	maxCode  = 256  // Discord's codes are ~30 characters
	maxError = 64
)

// stateLen is the length of the states AuthorizeURL draws (crypto/rand.Text).
const stateLen = 26

// ServeHTTP serves GET CallbackPath: it checks the parameters, takes the state (once),
// exchanges the code, checks whose token it is, has Valentina identify the member, tells
// the Hook, and answers a page saying what happened, within the budget.
func (l *Linker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		l.finish(w, start, pageMethod, nil, nil)
		return
	}
	p, bad := callbackParams(r.URL.RawQuery)
	if bad != nil {
		l.finish(w, start, bad, nil, nil)
		return
	}
	// A member who closes the tab does not stop a sign-in whose state is already spent.
	ctx, cancel := context.WithDeadline(context.WithoutCancel(r.Context()), start.Add(l.opts.Budget))
	defer cancel()
	st, found, err := l.opts.States.TakeOAuthState(ctx, p.state)
	switch {
	case err != nil:
		l.finish(w, start, pageStateUnavailable, nil, err)
		return
	case !found:
		l.finish(w, start, pageExpired, nil, nil)
		return
	}
	pg, o, err := l.complete(ctx, st, p.code)
	if o != nil {
		l.opts.Hook.SignedIn(ctx, *o)
	}
	l.finish(w, start, pg, &st, err)
}

// params are a callback's checked parameters.
type params struct{ state, code string }

// callbackParams checks the query before anything else happens: a query that is too long,
// not well-formed or repeats a parameter, a state or code that is missing or not of the
// expected shape, and Discord's error redirects each get their page here.
func callbackParams(raw string) (params, *page) {
	if len(raw) > maxQuery {
		return params{}, pageInvalid
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return params{}, pageInvalid
	}
	for _, name := range []string{"state", "code", "error"} {
		if len(q[name]) > 1 {
			return params{}, pageInvalid
		}
	}
	if e, ok := q["error"]; ok {
		if e[0] == "access_denied" {
			return params{}, pageDenied
		}
		return params{}, discordErrorPage(e[0])
	}
	state, code := q.Get("state"), q.Get("code")
	switch {
	case state == "" || code == "":
		return params{}, pageIncomplete
	case len(state) != stateLen || !only(state, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"):
		return params{}, pageInvalid
	case len(code) > maxCode || !only(code, urlSafe):
		return params{}, pageInvalid
	}
	return params{state: state, code: code}, nil
}

const urlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"

// only reports whether every byte of s is in set.
func only(s, set string) bool {
	for i := range len(s) {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// complete runs the sign-in for a taken state: code → token → whose token → identify.
// It returns the page, and the outcome when the member is now linked.
func (l *Linker) complete(ctx context.Context, st cache.OAuthState, code string) (*page, *Outcome, error) {
	token, err := l.exchange(ctx, code)
	if err != nil {
		return discordFailurePage(ctx, err), nil, err
	}
	discordID, err := l.discordUser(ctx, token)
	if err != nil {
		return discordFailurePage(ctx, err), nil, err
	}
	if discordID != st.DiscordID {
		l.log.Warn("sign in with discord: token of another account than the one that asked",
			"guild", st.GuildID, "user", st.DiscordID, "signed_in_as", discordID)
		return pageWrongAccount, nil, nil
	}
	res, err := l.opts.API.Identify(ctx, st.CompanyID, &vclient.IdentifyRequest{Provider: vclient.ProviderDiscord, Token: token})
	if err != nil {
		return identifyFailurePage(ctx, err), nil, err
	}
	o := &Outcome{GuildID: st.GuildID, CompanyID: st.CompanyID, DiscordID: st.DiscordID, Resolution: res.Resolution, User: res.User}
	return linkedPage(o), o, nil
}

// discordFailurePage is the page for a failed token exchange or /users/@me.
func discordFailurePage(ctx context.Context, err error) *page {
	switch {
	case errors.Is(err, errCodeRefused):
		return pageCodeRefused
	case errors.Is(err, errClientRefused):
		return pageMisconfigured
	case ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
		return pageDiscordSlow
	}
	return pageDiscordDown
}

// identifyFailurePage is the page for a failed auth/identify.
func identifyFailurePage(ctx context.Context, err error) *page {
	var apiErr *vclient.APIError
	switch {
	case errors.Is(err, vclient.ErrUnsupported):
		return pageNeedsV2
	case errors.As(err, &apiErr) && apiErr.Code == "EMAIL_REQUIRED":
		return pageEmailRequired
	case errors.As(err, &apiErr) && apiErr.Code == "TOKEN_VERIFICATION_FAILED":
		return pageNotVerified
	case errors.As(err, &apiErr) && apiErr.Code == "PROVIDER_UNAVAILABLE":
		return pageProviderUnavailable
	case errors.Is(err, vclient.ErrRateLimited):
		return pageTooManySignUps
	case ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded):
		return pageValentinaSlow
	case errors.As(err, &apiErr) && apiErr.RequestID != "":
		return valentinaErrorPage(apiErr.RequestID)
	}
	return valentinaErrorPage("")
}

// finish writes the page and the callback's one log line. Nothing about the request's
// query (the code, the state) reaches the log: only the outcome and, once the state is
// taken, whose sign-in it was.
func (l *Linker) finish(w http.ResponseWriter, start time.Time, pg *page, st *cache.OAuthState, err error) {
	attrs := []any{"outcome", pg.outcome, "status", pg.status, "latency", time.Since(start)}
	if st != nil {
		attrs = append(attrs, "guild", st.GuildID, "company", st.CompanyID, "user", st.DiscordID)
	}
	if err != nil {
		attrs = append(attrs, "err", err)
	}
	switch {
	case pg.status >= http.StatusInternalServerError:
		l.log.Error("sign in with discord", attrs...)
	default:
		l.log.Info("sign in with discord", attrs...)
	}
	pg.write(w)
}
