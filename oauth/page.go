package oauth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"

	"github.com/noirbot/noirbot/vclient"
)

// page is what the member's browser shows at the end of a callback, and how the
// callback's log line names the outcome. All of a callback's user-facing text is here.
type page struct {
	status  int
	outcome string // for the log: a fixed word, never request data
	ok      bool
	title   string
	lines   []string
}

const again = "Nothing was changed. Run /link in your Discord server again to get a new button."

var (
	pageMethod     = &page{http.StatusMethodNotAllowed, "bad_method", false, "This page only opens from Discord.", []string{again}}
	pageInvalid    = &page{http.StatusBadRequest, "bad_request", false, "This sign-in link is not valid.", []string{again}}
	pageIncomplete = &page{http.StatusBadRequest, "incomplete", false, "This sign-in link is incomplete.", []string{
		"Discord sends you here with a code and a state; one of them is missing.", again}}
	pageDenied = &page{http.StatusOK, "denied", false, "You cancelled signing in with Discord.", []string{
		"Nothing was changed. To link your account after all, run /link in your Discord server again."}}
	pageExpired = &page{http.StatusBadRequest, "state_unknown", false, "This sign-in link has expired or was already used.", []string{
		"Each Sign in with Discord button works once, for 10 minutes, for the member who asked for it.", again}}
	pageStateUnavailable = &page{http.StatusServiceUnavailable, "state_unavailable", false, "noirbot cannot check your sign-in right now.", []string{
		"Its storage is not answering. Run /link again in a minute."}}
	pageCodeRefused = &page{http.StatusBadRequest, "code_refused", false, "Discord refused this sign-in.", []string{
		"The code Discord gave your browser expired or was already used.", again}}
	pageMisconfigured = &page{http.StatusBadGateway, "client_refused", false, "noirbot's Discord settings are wrong.", []string{
		"Discord refused the bot's client id or client secret. Please tell an admin of your server.", "Nothing was changed."}}
	pageDiscordDown = &page{http.StatusBadGateway, "discord_error", false, "Discord did not answer properly.", []string{
		"Nothing was changed. Run /link again in a minute."}}
	pageDiscordSlow = &page{http.StatusGatewayTimeout, "discord_timeout", false, "Discord did not answer in time.", []string{
		"Nothing was changed. Run /link again in a minute."}}
	pageWrongAccount = &page{http.StatusForbidden, "wrong_account", false, "You signed in as another Discord account.", []string{
		"This button was made for the account that ran /link. Sign in to Discord in your browser as that account, " +
			"or run /link from the account you want to link.", again}}
	pageNeedsV2 = &page{http.StatusNotImplemented, "needs_v2", false, "Linking yourself is not available here.", []string{
		"This server's Valentina API does not support it. Ask an admin to run /link for you."}}
	pageEmailRequired = &page{http.StatusBadRequest, "email_required", false, "Valentina needs an e-mail address to create your account.", []string{
		"Your Discord account did not share one. Add and verify an e-mail address on your Discord account, then run /link again, " +
			"or ask an admin to link you."}}
	pageNotVerified = &page{http.StatusBadGateway, "not_verified", false, "Valentina could not verify your Discord sign-in.", []string{
		"Nothing was changed. Run /link again in a minute."}}
	pageProviderUnavailable = &page{http.StatusServiceUnavailable, "provider_unavailable", false, "Valentina cannot reach Discord right now.", []string{
		"Nothing was changed. Run /link again in a few minutes."}}
	pageTooManySignUps = &page{http.StatusTooManyRequests, "rate_limited", false, "Too many people are signing in right now.", []string{
		"Nothing was changed. Run /link again in a few minutes."}}
	pageValentinaSlow = &page{http.StatusGatewayTimeout, "valentina_timeout", false, "Valentina did not answer in time.", []string{
		"Your account may or may not be linked: run /whoami in your Discord server to see, and /link again if it is not."}}
)

// discordErrorPage is the page for an error redirect from Discord other than access_denied;
// only error codes of RFC 6749 §4.1.2.1 are repeated, never other request text.
func discordErrorPage(code string) *page {
	switch code {
	case "invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope",
		"server_error", "temporarily_unavailable":
	default:
		code = "an unknown error"
	}
	return &page{http.StatusBadRequest, "discord_refused", false, "Discord could not sign you in.",
		[]string{"Discord answered with " + code + ".", again}}
}

// valentinaErrorPage is the page for any other failure of auth/identify, with the API's
// request id for an admin to report.
func valentinaErrorPage(requestID string) *page {
	lines := []string{"Nothing was changed. Run /link again in a minute; if it keeps failing, tell an admin."}
	if requestID != "" {
		lines = append(lines, "Reference: "+requestID)
	}
	return &page{http.StatusBadGateway, "api_error", false, "Valentina could not link your account.", lines}
}

// linkedPage is the page of a completed sign-in.
func linkedPage(o *Outcome) *page {
	name := o.User.Username
	if name == "" {
		name = o.User.Name
	}
	if o.Resolution == vclient.ResolutionCreated {
		return &page{http.StatusOK, string(o.Resolution), true, "Welcome! Your Valentina account was created.", []string{
			"Your Discord account is now linked to the new Valentina user " + name + ".",
			"An admin of your server must approve it before you can play; the bot's commands will know you once they do.",
			"You can close this page and go back to Discord."}}
	}
	return &page{http.StatusOK, string(o.Resolution), true, "You are linked.", []string{
		"Your Discord account is now linked to the Valentina user " + name + ".",
		"You can close this page and go back to Discord."}}
}

// pageStyle is the page's only styling; the Content-Security-Policy allows exactly it.
const pageStyle = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;` +
	`line-height:1.5;color:#1d1d1f;background:#fafafa}h1{font-size:1.4rem}.ok{color:#23733a}.err{color:#a32020}`

var pageCSP = "default-src 'none'; style-src 'sha256-" + styleHash() + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func styleHash() string {
	sum := sha256.Sum256([]byte(pageStyle))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// pageTemplate escapes every text it is given; it has no script and loads nothing.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{.Title}} · noirbot</title>
<style>` + pageStyle + `</style>
</head>
<body>
<main>
<h1 class="{{if .OK}}ok{{else}}err{{end}}">{{.Title}}</h1>
{{range .Lines}}<p>{{.}}</p>
{{end}}</main>
</body>
</html>
`))

// write sends the page with headers that keep it private and inert: never cached (the URL
// held a code), no referrer, no framing, nothing but its own style.
func (p *page) write(w http.ResponseWriter) {
	var buf bytes.Buffer
	err := pageTemplate.Execute(&buf, struct {
		Title string
		OK    bool
		Lines []string
	}{p.title, p.ok, p.lines})
	if err != nil {
		http.Error(w, p.title, p.status)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", pageCSP)
	w.WriteHeader(p.status)
	_, _ = w.Write(buf.Bytes())
}
