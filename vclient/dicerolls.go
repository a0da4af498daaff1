package vclient

import (
	"context"
	"iter"
	"net/http"
	"slices"
	"time"
)

// ResultType is the outcome of a roll.
type ResultType string

// Roll outcomes. Rolls without a difficulty, and non-D10 rolls, are ResultOther.
const (
	ResultSuccess  ResultType = "SUCCESS"
	ResultFailure  ResultType = "FAILURE"
	ResultBotch    ResultType = "BOTCH"
	ResultCritical ResultType = "CRITICAL"
	ResultOther    ResultType = "OTHER"
)

// DiceRoll is a stored roll.
type DiceRoll struct {
	ID                 string      `json:"id"`
	Difficulty         *int        `json:"difficulty"`
	DiceSize           int         `json:"dice_size"`
	NumDice            int         `json:"num_dice"`
	NumDesperationDice int         `json:"num_desperation_dice"`
	Result             *RollResult `json:"result"`
	Comment            string      `json:"comment"`
	UserID             string      `json:"user_id"`
	CharacterID        string      `json:"character_id"`
	CampaignID         string      `json:"campaign_id"`
	CompanyID          string      `json:"company_id"`
	TraitIDs           []string    `json:"trait_ids"`
	DateCreated        time.Time   `json:"date_created"`
	DateModified       time.Time   `json:"date_modified"`
}

// RollResult is the scored outcome of a roll. TotalResult is the net successes (nil without a
// difficulty); dice lists are sorted ascending.
type RollResult struct {
	TotalResult              *int       `json:"total_result"`
	TotalResultType          ResultType `json:"total_result_type"`
	TotalResultHumanized     string     `json:"total_result_humanized"`
	TotalDiceRoll            []int      `json:"total_dice_roll"`
	PlayerRoll               []int      `json:"player_roll"`
	DesperationRoll          []int      `json:"desperation_roll"`
	TotalDiceRollEmoji       string     `json:"total_dice_roll_emoji"`
	TotalDiceRollShortcode   string     `json:"total_dice_roll_shortcode"`
	PlayerRollEmoji          string     `json:"player_roll_emoji"`
	PlayerRollShortcode      string     `json:"player_roll_shortcode"`
	DesperationRollEmoji     string     `json:"desperation_roll_emoji"`
	DesperationRollShortcode string     `json:"desperation_roll_shortcode"`
}

// QuickrollRoll is the body of CreateFromQuickroll. Difficulty 0 leaves the API default (6).
// v1 ignores NumDesperationDice on this endpoint; v2 rolls them.
type QuickrollRoll struct {
	QuickrollID        string  `json:"quickroll_id"`
	CharacterID        string  `json:"character_id"`
	Difficulty         int     `json:"difficulty,omitempty"`
	NumDesperationDice int     `json:"num_desperation_dice"`
	Comment            *string `json:"comment,omitempty"`
}

// Validate checks the required ids and counts.
func (r *QuickrollRoll) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	if r.Difficulty < 0 {
		return invalid("difficulty", "must not be negative, got %d", r.Difficulty)
	}
	if r.NumDesperationDice < 0 {
		return invalid("num_desperation_dice", "must not be negative, got %d", r.NumDesperationDice)
	}
	return requireIDs("quickroll_id", r.QuickrollID, "character_id", r.CharacterID)
}

// DiceRollCreate is the body of Create (a manual roll). DiceSize is 4, 6, 8, 10, 20 or 100.
type DiceRollCreate struct {
	DiceSize           int      `json:"dice_size"`
	NumDice            int      `json:"num_dice"`
	Difficulty         *int     `json:"difficulty"`
	NumDesperationDice int      `json:"num_desperation_dice"`
	Comment            *string  `json:"comment,omitempty"`
	TraitIDs           []string `json:"trait_ids,omitempty"`
	CharacterID        *string  `json:"character_id,omitempty"`
	CampaignID         *string  `json:"campaign_id,omitempty"`
}

// Validate checks the die size and counts.
func (r *DiceRollCreate) Validate() error {
	if r == nil {
		return invalid("body", "is required")
	}
	switch r.DiceSize {
	case 4, 6, 8, 10, 20, 100:
	default:
		return invalid("dice_size", "must be 4, 6, 8, 10, 20 or 100, got %d", r.DiceSize)
	}
	if r.NumDice < 1 {
		return invalid("num_dice", "must be at least 1, got %d", r.NumDice)
	}
	if r.NumDesperationDice < 0 {
		return invalid("num_desperation_dice", "must not be negative, got %d", r.NumDesperationDice)
	}
	return checkTraitIDs(r.TraitIDs)
}

// DiceRollListOptions pages and filters the company's rolls; empty filters are not sent.
// CharacterType (PLAYER, NPC or STORYTELLER) is v2 only and excludes rolls without a character.
type DiceRollListOptions struct {
	ListOptions
	UserID, CharacterID, CampaignID string
	CharacterType                   string
}

// DiceRollsService rolls dice as the acting user and lists the company's rolls.
// Paths are under /api/v1/companies/{company_id}/dicerolls (v2) or, in v1,
// /api/v1/companies/{company_id}/users/{user_id}/dicerolls with the acting user as {user_id}.
type DiceRollsService struct {
	c         *Client
	companyID string
}

// DiceRolls returns the dice-roll service of a company. Every call needs an acting user (the
// roller stored on new rolls): call it on a view made by OnBehalfOf.
func (c *Client) DiceRolls(companyID string) *DiceRollsService {
	return &DiceRollsService{c: c, companyID: companyID}
}

// base is the dice-roll path and the route prefix of the client's dialect.
func (s *DiceRollsService) base() (path, route string) {
	if s.c.v2() {
		return pathf("/companies/%s/dicerolls", s.companyID), "/dicerolls"
	}
	return pathf("/companies/%s/users/%s/dicerolls", s.companyID, s.c.acting), "/users/{user_id}/dicerolls"
}

func (s *DiceRollsService) check(pairs ...string) error {
	return firstErr(requireIDs(append([]string{"company_id", s.companyID}, pairs...)...), s.c.requireActing("user_id"))
}

// CreateFromQuickroll rolls a quickroll's pool for a character (D10, difficulty 6 by default).
// v2 honours NumDesperationDice; v1 ignores it.
//
// It calls POST /api/v1/companies/{company_id}/dicerolls/quickroll.
func (s *DiceRollsService) CreateFromQuickroll(ctx context.Context, req *QuickrollRoll) (*DiceRoll, error) {
	if err := firstErr(s.check(), req.Validate()); err != nil {
		return nil, err
	}
	path, route := s.base()
	d := &DiceRoll{}
	return result(d, s.c.call(ctx, http.MethodPost, "POST "+route+"/quickroll", path+"/quickroll", nil, req, d))
}

// Create makes a manual roll.
//
// It calls POST /api/v1/companies/{company_id}/dicerolls.
func (s *DiceRollsService) Create(ctx context.Context, req *DiceRollCreate) (*DiceRoll, error) {
	if err := firstErr(s.check(), req.Validate()); err != nil {
		return nil, err
	}
	path, route := s.base()
	d := &DiceRoll{}
	return result(d, s.c.call(ctx, http.MethodPost, "POST "+route, path, nil, req, d))
}

// Get returns a roll.
//
// It calls GET /api/v1/companies/{company_id}/dicerolls/{diceroll_id}.
func (s *DiceRollsService) Get(ctx context.Context, diceRollID string) (*DiceRoll, error) {
	if err := s.check("diceroll_id", diceRollID); err != nil {
		return nil, err
	}
	path, route := s.base()
	d := &DiceRoll{}
	return result(d, s.c.call(ctx, http.MethodGet, "GET "+route+"/{diceroll_id}", path+pathf("/%s", diceRollID), nil, nil, d))
}

// GetPage returns one page of the company's rolls (the whole company, not just the acting user;
// v2: newest first, and players do not see rolls of STORYTELLER characters), filtered by opts'
// non-empty fields.
//
// It calls GET /api/v1/companies/{company_id}/dicerolls?limit&offset&userid&characterid&campaignid&character_type.
func (s *DiceRollsService) GetPage(ctx context.Context, opts *DiceRollListOptions) (*Page[DiceRoll], error) {
	if opts == nil {
		opts = &DiceRollListOptions{}
	}
	if opts.CharacterType != "" {
		if err := s.c.onlyV2("dice rolls by character type"); err != nil {
			return nil, err
		}
		switch opts.CharacterType {
		case "PLAYER", "NPC", "STORYTELLER":
		default:
			return nil, invalid("character_type", "must be PLAYER, NPC or STORYTELLER, got %q", opts.CharacterType)
		}
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	q := opts.values()
	for name, v := range map[string]string{"userid": opts.UserID, "characterid": opts.CharacterID,
		"campaignid": opts.CampaignID, "character_type": opts.CharacterType} {
		if v != "" {
			q.Set(name, v)
		}
	}
	path, route := s.base()
	return getPage[DiceRoll](ctx, s.c, "GET "+route, path, q)
}

// ListAll returns every roll matching filter (nil = all the company's rolls).
//
// It pages through GET /api/v1/companies/{company_id}/dicerolls?limit=100&offset=….
func (s *DiceRollsService) ListAll(ctx context.Context, filter *DiceRollListOptions) ([]DiceRoll, error) {
	return collect(s.All(ctx, filter))
}

// All iterates over every roll matching filter (its paging fields are ignored).
//
// It pages through GET /api/v1/companies/{company_id}/dicerolls?limit=100&offset=….
func (s *DiceRollsService) All(ctx context.Context, filter *DiceRollListOptions) iter.Seq2[DiceRoll, error] {
	f := DiceRollListOptions{}
	if filter != nil {
		f = *filter
	}
	return paginate(ctx, func(ctx context.Context, o ListOptions) (*Page[DiceRoll], error) {
		f.ListOptions = o
		return s.GetPage(ctx, &f)
	})
}

// Newest returns one page of the rolls matching filter, newest first (its paging fields are
// ignored; offset and limit pick the page). v2 lists newest first itself: one request. v1 lists
// in natural order, so every matching roll is read (pages of 100) and sorted by date_created,
// newest first (rolls of the same second: the later in v1's natural, insertion order first);
// the page's Total is the number of matching rolls either way.
//
// It calls GET /api/v1/companies/{company_id}/dicerolls?limit&offset&userid&characterid&campaignid.
func (s *DiceRollsService) Newest(ctx context.Context, filter *DiceRollListOptions, offset, limit int) (*Page[DiceRoll], error) {
	f := DiceRollListOptions{}
	if filter != nil {
		f = *filter
	}
	if s.c.v2() {
		f.ListOptions = ListOptions{Limit: limit, Offset: offset}
		return s.GetPage(ctx, &f)
	}
	all, err := s.ListAll(ctx, &f)
	if err != nil {
		return nil, err
	}
	slices.Reverse(all)
	slices.SortStableFunc(all, func(a, b DiceRoll) int { return b.DateCreated.Compare(a.DateCreated) })
	lo := min(max(offset, 0), len(all))
	hi := min(lo+max(limit, 0), len(all))
	return &Page[DiceRoll]{Items: all[lo:hi], Limit: limit, Offset: offset, Total: len(all)}, nil
}
