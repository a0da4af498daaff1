package vclienttest

// Stored documents and their wire (JSON) shapes. Optional fields are
// pointers so they serialize as null, as the real DTOs do.

type settings struct {
	CharacterAutogenXPCost     *int   `json:"character_autogen_xp_cost"`
	CharacterAutogenNumChoices *int   `json:"character_autogen_num_choices"`
	PermissionManageCampaign   string `json:"permission_manage_campaign"`
	PermissionGrantXP          string `json:"permission_grant_xp"`
	PermissionFreeTraitChanges string `json:"permission_free_trait_changes"`
	// v2-only settings (not in v1's wire shape).
	PermissionManageNPC string `json:"-"`
	PermissionRecoupXP  string `json:"-"`
}

type company struct {
	meta
	Name        string
	Description *string
	Email       string
	UserIDs     []string
	Settings    settings
	NoAccess    bool // the API key has no rights to this company (403)
}

type companyJSON struct {
	ID           string   `json:"id"`
	DateCreated  string   `json:"date_created"`
	DateModified string   `json:"date_modified"`
	Name         string   `json:"name"`
	Description  *string  `json:"description"`
	Email        string   `json:"email"`
	UserIDs      []string `json:"user_ids"`
	Settings     settings `json:"settings"`
}

func (c *company) wire() companyJSON {
	return companyJSON{c.ID, wireTime(c.Created), wireTime(c.Modified), c.Name, c.Description, c.Email, nonNil(c.UserIDs), c.Settings}
}

type discordProfile struct {
	ID            *string `json:"id"`
	Username      *string `json:"username"`
	GlobalName    *string `json:"global_name"`
	AvatarID      *string `json:"avatar_id"`
	AvatarURL     *string `json:"avatar_url"`
	Discriminator *string `json:"discriminator"`
	Email         *string `json:"email"`
	Verified      *bool   `json:"verified"`
}

type experience struct {
	ID         string `json:"-"` // v2 only
	UserID     string `json:"-"` // v2 only
	CampaignID string `json:"campaign_id"`
	XPCurrent  int    `json:"xp_current"`
	XPTotal    int    `json:"xp_total"`
	CoolPoints int    `json:"cool_points"`
}

type user struct {
	meta
	CompanyID  string
	Name       string
	Email      string
	Role       string
	Discord    discordProfile
	Experience []*experience
	AssetIDs   []string

	// v2 fields.
	Username            string
	NameFirst, NameLast *string
	LifetimeXP          int
	LifetimeCoolPoints  int
	DiscordFull         bool              // linked through identify: the full 7-key profile
	AvatarAssetID       string            // custom avatar asset ("" = none)
	Profiles            map[string]string // google/github/apple provider id
}

type userJSON struct {
	ID                 string         `json:"id"`
	DateCreated        string         `json:"date_created"`
	DateModified       string         `json:"date_modified"`
	Name               string         `json:"name"`
	Email              string         `json:"email"`
	Role               string         `json:"role"`
	CompanyID          string         `json:"company_id"`
	DiscordProfile     discordProfile `json:"discord_profile"`
	CampaignExperience []experience   `json:"campaign_experience"`
	AssetIDs           []string       `json:"asset_ids"`
}

func (u *user) wire() userJSON {
	xp := []experience{}
	for _, x := range u.Experience {
		xp = append(xp, *x)
	}
	return userJSON{u.ID, wireTime(u.Created), wireTime(u.Modified), u.Name, u.Email, u.Role, u.CompanyID, u.Discord, xp, nonNil(u.AssetIDs)}
}

type campaign struct {
	meta
	CompanyID   string
	Name        string
	Description *string
	AssetIDs    []string
	Desperation int
	Danger      int
}

type campaignJSON struct {
	ID           string   `json:"id"`
	DateCreated  string   `json:"date_created"`
	DateModified string   `json:"date_modified"`
	Name         string   `json:"name"`
	Description  *string  `json:"description"`
	AssetIDs     []string `json:"asset_ids"`
	Desperation  int      `json:"desperation"`
	Danger       int      `json:"danger"`
	CompanyID    string   `json:"company_id"`
}

func (c *campaign) wire() campaignJSON {
	return campaignJSON{c.ID, wireTime(c.Created), wireTime(c.Modified), c.Name, c.Description, nonNil(c.AssetIDs), c.Desperation, c.Danger, c.CompanyID}
}

type note struct {
	meta
	CompanyID   string // v2 parent ids
	CharacterID string // v2 character notes
	UserID      string
	Title       string
	Content     string
}

type noteJSON struct {
	ID           string `json:"id"`
	DateCreated  string `json:"date_created"`
	DateModified string `json:"date_modified"`
	Title        string `json:"title"`
	Content      string `json:"content"`
}

func (n *note) wire() noteJSON {
	return noteJSON{n.ID, wireTime(n.Created), wireTime(n.Modified), n.Title, n.Content}
}

type quickroll struct {
	meta
	UserID      string
	Name        string
	Description *string
	TraitIDs    []string
}

type quickrollJSON struct {
	ID           string   `json:"id"`
	DateCreated  string   `json:"date_created"`
	DateModified string   `json:"date_modified"`
	Name         string   `json:"name"`
	Description  *string  `json:"description"`
	UserID       string   `json:"user_id"`
	TraitIDs     []string `json:"trait_ids"`
}

func (q *quickroll) wire() quickrollJSON {
	return quickrollJSON{q.ID, wireTime(q.Created), wireTime(q.Modified), q.Name, q.Description, q.UserID, nonNil(q.TraitIDs)}
}

type asset struct {
	meta
	CompanyID        string
	ParentID         string // the user parent ("" for a v2 character asset)
	CharacterID      string // v2 character assets
	AssetType        string
	MimeType         string
	OriginalFilename string
	UploadedBy       string
	PublicURL        string
	Content          []byte
}

type assetJSON struct {
	ID               string  `json:"id"`
	DateCreated      string  `json:"date_created"`
	DateModified     string  `json:"date_modified"`
	AssetType        string  `json:"asset_type"`
	MimeType         string  `json:"mime_type"`
	OriginalFilename string  `json:"original_filename"`
	ParentType       string  `json:"parent_type"`
	ParentID         *string `json:"parent_id"`
	CompanyID        string  `json:"company_id"`
	UploadedBy       string  `json:"uploaded_by"`
	PublicURL        string  `json:"public_url"`
}

func (a *asset) wire() assetJSON {
	parent := a.ParentID
	return assetJSON{a.ID, wireTime(a.Created), wireTime(a.Modified), a.AssetType, a.MimeType, a.OriginalFilename, "user", &parent, a.CompanyID, a.UploadedBy, a.PublicURL}
}
