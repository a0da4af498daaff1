package bot

import "github.com/bwmarrin/discordgo"

// OnGatewayEvent feeds a gateway event to g as discordgo would.
func OnGatewayEvent(g *Gateway, ev *discordgo.Event) { g.onEvent(nil, ev) }

// GatewaySession is g's discordgo session.
func GatewaySession(g *Gateway) *discordgo.Session { return g.session }
