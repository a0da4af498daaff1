package commands

import "strings"

// dots draws a rating as filled and empty circles, "●●●○○" for 3 of 5. Values beyond the scale
// are clamped, so a surprising API value cannot blow up a message.
func dots(value, scale int) string {
	scale = min(max(scale, 0), 20)
	value = min(max(value, 0), scale)
	return strings.Repeat("●", value) + strings.Repeat("○", scale-value)
}
