package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/noirbot/noirbot/bot"
	"github.com/noirbot/noirbot/cache"
	"github.com/noirbot/noirbot/vclient"
)

// /rolls history lists a member's rolls, newest first, 10 a page (SPEC §12's "/roll history":
// Discord refuses a command that has both options and subcommands, so /roll keeps its pool and
// the history sits beside it, as /quickrolls list sits beside /quickroll). Others' rolls are for
// storytellers and admins only. It works in both dialects: vclient's Newest sorts v1's list.
//
// Prev/Next carry the filter in their custom_id, "rh:<member>:<scope>:<page>:<owner>": member is
// a Discord id, scope "c<character>" or "k<campaign>" (compacted ids) or "-".

// rollHistoryPrefix routes the history's Prev/Next buttons.
const rollHistoryPrefix = "rh"

// maxHistoryPage bounds `page` (10 000 rolls back is far enough).
const maxHistoryPage = 1000

// rollsCommand defines /rolls history.
func rollsCommand() Command {
	return Command{
		Def: &discordgo.ApplicationCommand{
			Name: "rolls", Description: "Look back at rolls", Contexts: guildOnly(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: "history",
				Description: "The newest rolls first, 10 a page",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionUser, Name: "member", Description: "Whose rolls (default: yours)"},
					{Type: discordgo.ApplicationCommandOptionString, Name: "character", Description: "Only this character's rolls", Autocomplete: true},
					campaignOptionDef(),
					{Type: discordgo.ApplicationCommandOptionInteger, Name: "page", Description: "Page (default 1)",
						MinValue: new(1.0), MaxValue: maxHistoryPage},
				},
			}},
		},
		Mount: func(m *bot.Mux, h *Handlers) {
			m.Command("/rolls/history", bot.HandlerFunc(h.rollHistory), bot.Ephemeral())
			m.Autocomplete("/rolls/history", h.autocomplete(choiceSources{"character": h.characterChoices, "campaign": h.campaignChoices}))
			m.Component(rollHistoryPrefix, bot.HandlerFunc(h.rollHistoryClick), bot.Updates())
		},
	}
}

// historyQuery is what one page of history shows.
type historyQuery struct {
	member    *cache.Member
	memberID  string // Discord id
	character *characterRef
	campaign  *vclient.Campaign
	page      int
}

// scope is the custom_id token of the query's character or campaign.
func (q historyQuery) scope() string {
	switch {
	case q.character != nil:
		return "c" + compactID(q.character.ID)
	case q.campaign != nil:
		return "k" + compactID(q.campaign.ID)
	}
	return "-"
}

// rollHistory is /rolls history.
func (h *Handlers) rollHistory(ctx context.Context, in *bot.Interaction) *bot.Response {
	page, ok := in.IntOption("page")
	if !ok {
		page = 1
	}
	if page < 1 || page > maxHistoryPage {
		return userError("`page` must be between 1 and %d.", maxHistoryPage)
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	q := historyQuery{page: int(page), memberID: c.DiscordID}
	if u, ok := in.UserOption("member"); ok {
		q.memberID = u.ID
	}
	if q.member, c, resp = h.historyMember(ctx, in, c, q.memberID, "member"); resp != nil {
		return resp
	}
	if q.character, resp = h.characterOption(ctx, in, c); resp != nil {
		return resp
	}
	if v, _ := in.StringOption("campaign"); q.character == nil && strings.TrimSpace(v) != "" {
		if q.campaign, resp = h.resolveCampaign(ctx, in, c); resp != nil {
			return resp
		}
	}
	return h.historyPage(ctx, in, c, q, bot.NewMessage)
}

// historyMember resolves whose rolls are listed: the caller's own, or, for a storyteller or
// admin re-read first, another linked member's.
func (h *Handlers) historyMember(ctx context.Context, in *bot.Interaction, c *Caller, discordID, option string) (*cache.Member, *Caller, *bot.Response) {
	if discordID == c.DiscordID {
		self := c.Member
		return &self, c, nil
	}
	var m *cache.Member
	var resp *bot.Response
	if option != "" {
		m, resp = h.member(ctx, in, c, option)
	} else {
		m, resp = h.memberByDiscordID(ctx, in, c, discordID)
	}
	if resp != nil {
		return nil, nil, resp
	}
	if c, resp = h.freshCaller(ctx, in, c); resp != nil {
		return nil, nil, resp
	}
	if !c.IsStoryteller() {
		return nil, nil, denied("Only storytellers and admins can see another member's rolls. Use `/rolls history` without `member:` to see yours.")
	}
	return m, c, nil
}

// memberByDiscordID is a Prev/Next click's member, found again by Discord id.
func (h *Handlers) memberByDiscordID(ctx context.Context, in *bot.Interaction, c *Caller, discordID string) (*cache.Member, *bot.Response) {
	m, err := h.Lookups.MemberFor(ctx, c.CompanyID(), discordID, c.Viewer())
	if err != nil {
		return nil, h.fail(ctx, in, err)
	}
	return m, nil
}

// rollHistoryClick turns a history page; the filter in the custom_id is checked again.
func (h *Handlers) rollHistoryClick(ctx context.Context, in *bot.Interaction) *bot.Response {
	parts := strings.Split(in.CustomID(), ":")
	broken := userError("This button is broken. Run `/rolls history` again.")
	if len(parts) != 5 || !isSnowflake(parts[1]) || parts[2] == "" {
		return broken
	}
	page, ok := boundedInt(parts[3], 1, maxHistoryPage)
	if !ok {
		return broken
	}
	if parts[4] != in.UserID() {
		return notYours()
	}
	c, resp := h.caller(ctx, in)
	if resp != nil {
		return resp
	}
	q := historyQuery{page: page, memberID: parts[1]}
	if q.member, c, resp = h.historyMember(ctx, in, c, q.memberID, ""); resp != nil {
		return resp
	}
	switch scope := parts[2]; {
	case scope == "-":
	case scope[0] == 'c' && isIDToken(scope[1:]):
		if q.character, resp = h.usableCharacterByToken(ctx, in, c, scope[1:]); resp != nil {
			return resp
		}
	case scope[0] == 'k' && isIDToken(scope[1:]):
		camps, err := h.Lookups.Campaigns(ctx, c.CompanyID(), c.Viewer())
		if err != nil {
			return h.failAsCaller(ctx, in, c, err)
		}
		camp, ok := byToken(camps, func(c vclient.Campaign) string { return c.ID }, scope[1:])
		if !ok {
			return notFound("Campaign")
		}
		q.campaign = camp
	default:
		return broken
	}
	return h.historyPage(ctx, in, c, q, bot.UpdateMessage)
}

// historyPage reads one page of rolls (on the caller's behalf) and renders it.
func (h *Handlers) historyPage(ctx context.Context, in *bot.Interaction, c *Caller, q historyQuery, kind bot.ResponseKind) *bot.Response {
	filter := &vclient.DiceRollListOptions{UserID: q.member.UserID}
	switch {
	case q.character != nil:
		filter.CharacterID = q.character.ID
	case q.campaign != nil:
		filter.CampaignID = q.campaign.ID
	}
	rolls, err := h.as(c).DiceRolls(c.CompanyID()).Newest(ctx, filter, (q.page-1)*pageSize, pageSize)
	if err != nil {
		return h.failAsCaller(ctx, in, c, err)
	}
	pages := pageCount(rolls.Total)
	if q.page > pages && rolls.Total > 0 {
		return userError("There are only %s of history.", plural(pages, "page", "pages"))
	}
	names := h.characterNames(ctx, c)
	whose := "Your rolls"
	if q.memberID != c.DiscordID {
		whose = "Rolls of " + nameOr(q.member.Name, mention(q.memberID))
	}
	switch {
	case q.character != nil:
		whose += " with " + q.character.Name
	case q.campaign != nil:
		whose += " in " + q.campaign.Name
	}
	e := &discordgo.MessageEmbed{Title: truncate(whose, maxEmbedTitle), Color: colorInfo,
		Footer: &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d of %d · %s · newest first", q.page, pages, plural(rolls.Total, "roll", "rolls"))}}
	lines := make([]string, 0, len(rolls.Items))
	for _, r := range rolls.Items {
		lines = append(lines, historyLine(r, names[r.CharacterID]))
	}
	e.Description = strings.Join(lines, "\n")
	if len(lines) == 0 {
		e.Description = "No rolls yet."
	}
	e.Description = truncate(e.Description, maxEmbedDescription)
	prefix := fmt.Sprintf("%s:%s:%s", rollHistoryPrefix, q.memberID, q.scope())
	return &bot.Response{Kind: kind, Ephemeral: true, Outcome: outcomeOK, Message: bot.Message{
		Embeds: []*discordgo.MessageEmbed{e}, Components: orEmpty(pagerRow(prefix, q.page, pages, c.DiscordID)),
	}}
}

// characterNames maps the ids of the characters the caller may see to their names (cached
// lists; a name that cannot be read is simply not shown).
func (h *Handlers) characterNames(ctx context.Context, c *Caller) map[string]string {
	out := map[string]string{}
	camps, err := h.Lookups.Campaigns(ctx, c.CompanyID(), c.Viewer())
	if err != nil {
		return out
	}
	for _, camp := range camps {
		chars, err := h.Lookups.Characters(ctx, c.CompanyID(), camp.ID, "", c.Viewer())
		if err != nil {
			continue
		}
		for _, ch := range chars {
			out[ch.ID] = ch.Name
		}
	}
	return out
}

// historyLine is one roll: outcome, successes, pool, difficulty, character, when. Rolls
// migrated from the old bot (null total_result, no dice, a bare humanized word) show by their
// outcome type; a roll without a result shows as a plain roll.
func historyLine(r vclient.DiceRoll, character string) string {
	res := r.Result
	if res == nil {
		res = &vclient.RollResult{TotalResultType: vclient.ResultOther}
	}
	_, word := outcome(res.TotalResultType)
	parts := []string{"**" + word + "**"}
	switch {
	case res.TotalResult != nil:
		parts = append(parts, plural(*res.TotalResult, "success", "successes"))
	case res.TotalResultType != vclient.ResultOther:
		parts = append(parts, "successes not recorded")
	}
	pool := fmt.Sprintf("pool %d", r.NumDice)
	if r.NumDesperationDice > 0 {
		pool += fmt.Sprintf(" + %d desperation", r.NumDesperationDice)
	}
	parts = append(parts, pool)
	if r.Difficulty != nil {
		parts = append(parts, fmt.Sprintf("difficulty %d", *r.Difficulty))
	}
	if character != "" {
		parts = append(parts, truncate(oneLine(character), sheetLineName))
	} else if r.CharacterID != "" {
		parts = append(parts, "another character")
	}
	if !r.DateCreated.IsZero() {
		parts = append(parts, fmt.Sprintf("<t:%d:R>", r.DateCreated.Unix()))
	}
	return strings.Join(parts, " · ")
}
