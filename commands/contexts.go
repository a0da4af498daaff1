package commands

import "github.com/bwmarrin/discordgo"

// Where a command is offered and to whom: Discord hides a command outside its interaction
// contexts and from members without its default permissions. These only decide what Discord
// shows; handlers still check the guild and the caller's Valentina role themselves.

// guildOnly limits a command to servers (Discord then hides it in DMs).
func guildOnly() *[]discordgo.InteractionContextType {
	return &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
}

// anywhere is the contexts of commands that also work in DMs (/help, /whoami).
func anywhere() *[]discordgo.InteractionContextType {
	return &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
}

// managersOnly is the default_member_permissions of the admin commands (/link, /unlink,
// /campaign): only members with Manage Server see them.
func managersOnly() *int64 {
	p := int64(discordgo.PermissionManageGuild)
	return &p
}
