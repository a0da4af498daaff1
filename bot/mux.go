package bot

import (
	"context"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// Handler answers one interaction by returning its Response.
type Handler interface {
	ServeInteraction(ctx context.Context, in *Interaction) *Response
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, in *Interaction) *Response

// ServeInteraction calls f.
func (f HandlerFunc) ServeInteraction(ctx context.Context, in *Interaction) *Response {
	return f(ctx, in)
}

// Router is a Handler that also says, before running an interaction, how it is routed: its
// name for logs and metrics, and the delivery rules the Engine needs up front (RouteInfo).
// *Mux is the Router noirbot uses; the Engine and the console both run one, through the same
// recover, log and metrics code (Instrument).
type Router interface {
	Handler
	Route(in *Interaction) RouteInfo
}

// Middleware wraps a Handler, like net/http middleware.
type Middleware func(Handler) Handler

// route is one registered handler with the delivery rules the engine needs up front.
type route struct {
	handler     Handler
	ephemeralIf func(*Interaction) bool
	updates     bool
	opensModal  bool
	award       bool
}

// RouteOption sets how a route's response is delivered.
type RouteOption func(*route)

// EphemeralIf decides the ephemeral flag of a deferred acknowledgement up front (default public).
func EphemeralIf(f func(*Interaction) bool) RouteOption {
	return func(r *route) { r.ephemeralIf = f }
}

// Ephemeral makes a route's deferred acknowledgement always private.
func Ephemeral() RouteOption {
	return EphemeralIf(func(*Interaction) bool { return true })
}

// Updates marks a component that updates its own message: late means type 6, then PATCH @original.
func Updates() RouteOption { return func(r *route) { r.updates = true } }

// OpensModal marks a route that answers with a modal: never deferred; after a 2.5 s
// budget it answers with an ephemeral "Valentina is slow, try again".
func OpensModal() RouteOption { return func(r *route) { r.opensModal = true } }

// Award marks a route that writes XP, so a response cut off by a restart says
// the award may or may not have been applied.
func Award() RouteOption { return func(r *route) { r.award = true } }

// RouteInfo is what the engine needs to know about an interaction's route before it runs.
type RouteInfo struct {
	// Name labels logs and metrics: "/xp/add", "/quickroll autocomplete", "qr", "note modal", "unknown".
	Name         string
	Known        bool
	Ephemeral    bool
	Updates      bool
	OpensModal   bool
	Award        bool
	Autocomplete bool
}

// Mux routes commands (by path), autocompletes, component clicks and modal
// submits (by custom_id prefix "<prefix>:...") to their handlers.
type Mux struct {
	mu           sync.RWMutex
	middleware   []Middleware
	commands     map[string]*route
	autocomplete map[string]*route
	components   map[string]*route
	modals       map[string]*route
}

// NewMux returns an empty Mux.
func NewMux() *Mux {
	return &Mux{
		commands:     map[string]*route{},
		autocomplete: map[string]*route{},
		components:   map[string]*route{},
		modals:       map[string]*route{},
	}
}

// Use appends middleware applied (outermost first) to every routed handler.
func (m *Mux) Use(mw ...Middleware) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.middleware = append(m.middleware, mw...)
}

func (m *Mux) add(table map[string]*route, key string, h Handler, opts []RouteOption) {
	r := &route{handler: h}
	for _, o := range opts {
		o(r)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	table[key] = r
}

// Command routes a slash command path such as "/quickroll" or "/xp/add".
func (m *Mux) Command(path string, h Handler, opts ...RouteOption) {
	m.add(m.commands, path, h, opts)
}

// Autocomplete routes autocomplete for a command path; the handler returns Kind Choices.
func (m *Mux) Autocomplete(path string, h Handler) { m.add(m.autocomplete, path, h, nil) }

// Component routes clicks whose custom_id is "<prefix>" or starts with "<prefix>:".
func (m *Mux) Component(prefix string, h Handler, opts ...RouteOption) {
	m.add(m.components, prefix, h, opts)
}

// ModalSubmit routes modal submits whose custom_id is "<prefix>" or starts with "<prefix>:".
func (m *Mux) ModalSubmit(prefix string, h Handler, opts ...RouteOption) {
	m.add(m.modals, prefix, h, opts)
}

// CustomIDPrefix is the routing prefix of a custom_id: everything before the first ':'.
func CustomIDPrefix(customID string) string {
	prefix, _, _ := strings.Cut(customID, ":")
	return prefix
}

// lookup finds the route and its label for an interaction (nil when unknown).
func (m *Mux) lookup(in *Interaction) (*route, string, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	switch in.Type {
	case discordgo.InteractionApplicationCommand:
		p := in.CommandPath()
		return m.commands[p], p, false
	case discordgo.InteractionApplicationCommandAutocomplete:
		p := in.CommandPath()
		return m.autocomplete[p], p + " autocomplete", true
	case discordgo.InteractionMessageComponent:
		p := CustomIDPrefix(in.CustomID())
		return m.components[p], p, false
	case discordgo.InteractionModalSubmit:
		p := CustomIDPrefix(in.CustomID())
		return m.modals[p], p + " modal", false
	}
	return nil, "", false
}

// Route tells the engine how to acknowledge an interaction before its handler finishes.
func (m *Mux) Route(in *Interaction) RouteInfo {
	r, name, ac := m.lookup(in)
	if r == nil {
		return RouteInfo{Name: "unknown", Autocomplete: ac, Ephemeral: true}
	}
	info := RouteInfo{Name: name, Known: true, Updates: r.updates, OpensModal: r.opensModal, Award: r.award, Autocomplete: ac}
	if r.ephemeralIf != nil {
		info.Ephemeral = r.ephemeralIf(in)
	}
	return info
}

// ServeInteraction runs the matching handler through the middleware; an unknown
// route gets a private "Unknown command" (or no choices, for autocomplete).
func (m *Mux) ServeInteraction(ctx context.Context, in *Interaction) *Response {
	r, _, ac := m.lookup(in)
	var h Handler
	switch {
	case r != nil:
		h = r.handler
	case ac:
		h = HandlerFunc(func(context.Context, *Interaction) *Response { return &Response{Kind: Choices} })
	default:
		h = HandlerFunc(func(context.Context, *Interaction) *Response {
			resp := Private("Unknown command")
			resp.Outcome = "unknown"
			return resp
		})
	}
	m.mu.RLock()
	mws := m.middleware
	m.mu.RUnlock()
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h.ServeInteraction(ctx, in)
}
