package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"integrity/internal/domain"
	"integrity/internal/store"
)

// ReplyContent is what a signed reply (廉政意见回复) states, as sent: the
// document its verification code vouches for.
type ReplyContent struct {
	Number            string           `json:"number"`
	Issuer            []string         `json:"issuer"`
	Recipient         string           `json:"recipient"`
	RequestDocumentNo string           `json:"request_document_no"`
	Purpose           string           `json:"purpose"`
	PurposeZh         string           `json:"purpose_zh"`
	AsOf              string           `json:"as_of"`
	Candidates        []ReplyCandidate `json:"candidates"`
	Signers           []string         `json:"signers"`
	RepliedAt         time.Time        `json:"replied_at"`
}

// ReplyCandidate is one candidate's part of a reply.
type ReplyCandidate struct {
	Row        int    `json:"row"`
	Name       string `json:"name"`
	InputRef   string `json:"input_ref"`
	Department string `json:"department"`
	Conclusion string `json:"conclusion"`
}

// notFoundConclusion is what a reply says of a candidate the registry does
// not hold (or not within the requester's scope).
const notFoundConclusion = "未能在登记库中找到此人，请核对姓名与身份证号码后重新征求意见"

// SignOpinion signs a drafted reply as a commission leader who did not
// draft it. Where the policy asks for two signatures the second must be
// another person's. The last signature numbers the reply in the year's
// sequence (纪廉复〔2026〕37号), fixes its content with a verification code,
// and sends it back: the request is closed. 403 for the drafter or a second
// signature by the first signer; 409 when there is nothing to sign or the
// reply is signed already. Audited.
func (s *Service) SignOpinion(ctx context.Context, cl Caller, id int64) (domain.OpinionRequest, error) {
	var r domain.OpinionRequest
	p, err := s.commissionUser(ctx, cl, id)
	if err != nil {
		return r, err
	}
	op, pol, err := s.opinionRules(ctx)
	if err != nil {
		return r, err
	}
	uid, name := p.User.ID, p.User.Username
	err = s.DB.Do(ctx, func(tx *store.Tx) error {
		var err error
		if r, err = tx.OpinionForUpdate(id); err != nil {
			return err
		}
		switch {
		case r.State == domain.OpinionReplied:
			return &domain.Error{Code: domain.ECONFLICT, Message: "the reply is signed and sent already"}
		case r.State == domain.OpinionSent:
			return &domain.Error{Code: domain.ECONFLICT, Message: "there is no draft to sign yet"}
		case r.DraftedByID != nil && *r.DraftedByID == uid:
			return forbidden("you drafted this reply: another leader signs it")
		case r.State == domain.OpinionSigning && r.Signer1ID != nil && *r.Signer1ID == uid:
			return forbidden("you signed this reply already: the second signature is another leader's")
		}
		now := tx.Now()
		if r.State == domain.OpinionDrafted {
			r.Signer1ID, r.Signer1, r.Signed1At = &uid, name, &now
			if op.Signatures == 2 {
				r.State = domain.OpinionSigning
				if err := tx.UpdateOpinion(&r, r.Version); err != nil {
					return err
				}
				return tx.Audit(cl.Actor().Entry("opinion_sign", "opinion", itoa(r.ID), domain.OutcomeSuccess, map[string]any{"level": 1}))
			}
		} else {
			r.Signer2ID, r.Signer2, r.Signed2At = &uid, name, &now
		}
		year := s.today().Year()
		seq, err := tx.NextOpinionNumber(year)
		if err != nil {
			return err
		}
		cands, err := tx.CandidatesOf(r.ID)
		if err != nil {
			return err
		}
		pu, _ := pol.eligibility.Purpose(r.Purpose)
		c := ReplyContent{Number: op.Number(year, seq), Issuer: op.Issuer, Recipient: r.Recipient, RequestDocumentNo: r.DocumentNo, Purpose: r.Purpose, PurposeZh: pu.Zh,
			Signers: []string{r.Signer1}, RepliedAt: now}
		if r.AsOf != nil {
			c.AsOf = r.AsOf.Format(time.DateOnly)
		}
		if r.Signer2 != "" {
			c.Signers = append(c.Signers, r.Signer2)
		}
		for _, cd := range cands {
			conclusion := cd.Conclusion
			if cd.OfficialID == nil {
				conclusion = notFoundConclusion
			}
			c.Candidates = append(c.Candidates, ReplyCandidate{Row: cd.RowNo, Name: cd.Name, InputRef: cd.InputRef, Department: cd.DepartmentName,
				Conclusion: conclusion})
		}
		body, err := json.Marshal(c)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		var rnd [10]byte
		if _, err := rand.Read(rnd[:]); err != nil {
			return err
		}
		random := codeEncoding.EncodeToString(rnd[:])
		code := random + s.reportTag(random, hex.EncodeToString(sum[:]))
		r.ReplyYear, r.ReplySeq, r.ReplyNo, r.RepliedAt = &year, &seq, c.Number, &now
		r.ReplyCode, r.ReplyDigest, r.ReplyContent, r.State = &code, hex.EncodeToString(sum[:]), string(body), domain.OpinionReplied
		if err := tx.UpdateOpinion(&r, r.Version); err != nil {
			return err
		}
		return tx.Audit(cl.Actor().Entry("opinion_sign", "opinion", itoa(r.ID), domain.OutcomeSuccess, map[string]any{"number": c.Number}))
	})
	return r, err
}

// OpinionReply returns the reply as sent, for the requester and the
// commission: ENOTFOUND outside the caller's view, ECONFLICT before it is
// sent. Audited.
func (s *Service) OpinionReply(ctx context.Context, cl Caller, id int64) (domain.OpinionRequest, ReplyContent, error) {
	var c ReplyContent
	r, _, err := s.visibleOpinion(ctx, cl, id)
	if err != nil {
		return r, c, err
	}
	if r.State != domain.OpinionReplied {
		return r, c, &domain.Error{Code: domain.ECONFLICT, Message: "the reply is not signed and sent yet"}
	}
	if err := json.Unmarshal([]byte(r.ReplyContent), &c); err != nil {
		return r, c, err
	}
	return r, c, s.audited(ctx, cl, "opinion_reply_read", "opinion", itoa(id), map[string]any{"number": r.ReplyNo})
}

// verifyOpinion checks a code against the replies: genuine when a reply
// has it, its content still matches its digest and the tag matches.
func (s *Service) verifyOpinion(ctx context.Context, code string) (Verification, error) {
	r, err := s.DB.OpinionByCode(ctx, code)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return Verification{}, nil
	}
	if err != nil {
		return Verification{}, err
	}
	sum := sha256.Sum256([]byte(r.ReplyContent))
	if hex.EncodeToString(sum[:]) != r.ReplyDigest || !s.reportTagMatches(code[:reportCodeLen], r.ReplyDigest, code[reportCodeLen:]) {
		return Verification{}, nil
	}
	return Verification{Genuine: true, IssuedAt: r.RepliedAt, Kind: "opinion_reply", DocumentNo: r.ReplyNo}, nil
}
