package vclienttest

import "net/http"

// coolPointValue is the server's fixed COOL_POINT_VALUE: 1 CP = 10 XP.
const coolPointValue = 10

// experienceFor gets or creates the user's entry for a campaign.
func (u *user) experienceFor(campaignID string) *experience {
	for _, x := range u.Experience {
		if x.CampaignID == campaignID {
			return x
		}
	}
	x := &experience{CampaignID: campaignID}
	u.Experience = append(u.Experience, x)
	return x
}

func getExperience(e *Emulator, c *call) (int, any) {
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	if s, p, ok := pathIDs(c, "campaign_id"); !ok {
		return s, p
	}
	camp := e.st.campaigns.get(c.p["campaign_id"])
	if camp == nil || camp.CompanyID != c.co.ID {
		return fail(http.StatusNotFound, "Campaign not found")
	}
	return http.StatusOK, *u.experienceFor(camp.ID)
}

type xpBody struct {
	Amount           *int    `json:"amount"`
	CampaignID       *string `json:"campaign_id"`
	RequestingUserID *string `json:"requesting_user_id"`
}

func addXP(e *Emulator, c *call) (int, any) {
	return e.changeExperience(c, func(x *experience, n int) (int, any) {
		x.XPCurrent += n
		x.XPTotal += n
		return http.StatusCreated, *x
	})
}

func removeXP(e *Emulator, c *call) (int, any) {
	return e.changeExperience(c, func(x *experience, n int) (int, any) {
		if x.XPCurrent < n {
			cur, req := x.XPCurrent, n
			return http.StatusBadRequest, &problem{
				Detail:    "User does not have enough XP to complete the action.",
				CurrentXP: &cur, RequiredXP: &req,
			}
		}
		x.XPCurrent -= n
		return http.StatusCreated, *x
	})
}

func addCP(e *Emulator, c *call) (int, any) {
	return e.changeExperience(c, func(x *experience, n int) (int, any) {
		x.XPCurrent += n * coolPointValue
		x.XPTotal += n * coolPointValue
		x.CoolPoints += n
		return http.StatusCreated, *x
	})
}

// changeExperience runs the checks in the server's order: body schema (400),
// path user (404), requester (400), permission (403), campaign (400); then
// applies the change to the get-or-created campaign entry.
func (e *Emulator) changeExperience(c *call, apply func(x *experience, amount int) (int, any)) (int, any) {
	var b xpBody
	if s, p, ok := decodeBody(c.body, &b); !ok {
		return s, p
	}
	if f := firstMissing("amount", b.Amount == nil, "campaign_id", b.CampaignID == nil,
		"requesting_user_id", b.RequestingUserID == nil); f != "" {
		return badField(f, "Field required")
	}
	u, s, p := e.pathUser(c)
	if u == nil {
		return s, p
	}
	req, s, p := e.requester(*b.RequestingUserID)
	if req == nil {
		return s, p
	}
	if !mayGrantXP(c.co.Settings.PermissionGrantXP, req, u) {
		return fail(http.StatusForbidden, "User not authorized to grant or remove XP for this user")
	}
	camp := e.st.campaigns.get(*b.CampaignID)
	if camp == nil {
		return invalid("Campaign " + *b.CampaignID + " not found")
	}
	s, v := apply(u.experienceFor(camp.ID), *b.Amount)
	e.touch(&u.meta)
	return s, v
}

// mayGrantXP is the permission_grant_xp matrix.
func mayGrantXP(setting string, req, target *user) bool {
	storyteller := isStoryteller(req)
	switch setting {
	case "PLAYER":
		return storyteller || req.ID == target.ID
	case "STORYTELLER":
		return storyteller
	default:
		return true
	}
}
