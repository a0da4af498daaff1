package bot

import "github.com/bwmarrin/discordgo"

// OnGatewayEvent feeds a gateway event to g as discordgo would.
func OnGatewayEvent(g *Gateway, ev *discordgo.Event) { g.onEvent(nil, ev) }
