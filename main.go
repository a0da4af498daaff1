// Command noirbot is a Discord bot for World of Darkness tables whose campaigns
// live in the Valentina Noir API. The real CLI replaces this placeholder.
package main

import (
	_ "github.com/alicebob/miniredis/v2"
	_ "github.com/bwmarrin/discordgo"
	_ "github.com/pelletier/go-toml/v2"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/redis/go-redis/v9"
	_ "golang.org/x/sync/singleflight"
)

func main() {}
