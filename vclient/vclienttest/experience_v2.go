package vclienttest

import (
	"net/http"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

// experienceOf gets or creates a user's v2 entry (with its own id) for a campaign.
func (e *Emulator) experienceOf(u *user, campaignID string) *experience {
	x := u.experienceFor(campaignID)
	if x.ID == "" {
		x.ID, x.UserID = e.newID(), u.ID
	}
	return x
}

// getExperienceV2 looks the campaign up in any company and get-or-creates the row.
func getExperienceV2(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	if s, p, ok := pathIDs(c, "campaign_id"); !ok {
		return s, p
	}
	camp := e.st.campaigns.get(c.p["campaign_id"])
	if camp == nil {
		return fail(http.StatusNotFound, "Campaign not found")
	}
	return http.StatusOK, e.experienceOf(u, camp.ID).wire2()
}

type xpV2Body struct {
	Amount     *int    `json:"amount"`
	CampaignID *string `json:"campaign_id"`
}

func addXPV2(e *Emulator, c *call) (int, any) {
	return e.changeExperienceV2(c, func(u *user, x *experience, n int) (int, any) {
		x.XPCurrent += n
		x.XPTotal += n
		u.LifetimeXP += n
		return http.StatusCreated, x.wire2()
	})
}

// removeXPV2: insufficient XP is a plain 400 without the amounts.
func removeXPV2(e *Emulator, c *call) (int, any) {
	return e.changeExperienceV2(c, func(_ *user, x *experience, n int) (int, any) {
		if x.XPCurrent < n {
			return fail(http.StatusBadRequest, notEnoughXP)
		}
		x.XPCurrent -= n
		return http.StatusCreated, x.wire2()
	})
}

const notEnoughXP = "User does not have enough XP to complete the action."

func addCPV2(e *Emulator, c *call) (int, any) {
	return e.changeExperienceV2(c, func(u *user, x *experience, n int) (int, any) {
		x.XPCurrent += n * coolPointValue
		x.XPTotal += n * coolPointValue
		x.CoolPoints += n
		u.LifetimeXP += n * coolPointValue
		u.LifetimeCoolPoints += n
		return http.StatusCreated, x.wire2()
	})
}

// changeExperienceV2: body, path user (404), permission_grant_xp for the
// acting user (403); the campaign is not pre-validated (any company, even
// archived); an id of no campaign at all fails in the database (409).
func (e *Emulator) changeExperienceV2(c *call, apply func(u *user, x *experience, amount int) (int, any)) (int, any) {
	var b xpV2Body
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if f := firstMissing("amount", b.Amount == nil, "campaign_id", b.CampaignID == nil); f != "" {
		return missingField(f)
	}
	if !isUUID(*b.CampaignID) {
		return badField("campaign_id", "Invalid UUID")
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	if !mayGrantXP(c.co.Settings.PermissionGrantXP, c.acting, u) {
		return fail(http.StatusForbidden, "User not authorized to grant or remove XP for this user")
	}
	if _, ok := e.st.campaigns.byID[*b.CampaignID]; !ok {
		return fail(http.StatusConflict, `insert or update on table "campaign_experience" violates foreign key constraint`)
	}
	s, v := apply(u, e.experienceOf(u, *b.CampaignID), *b.Amount)
	e.touch(&u.meta)
	return s, v
}
