package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"
)

// Checkpoint is the chain's head at one moment, signed with a key the
// database does not hold and written outside it (an append-only file and
// the log stream). Whoever rewrites the history in the database cannot make
// the chain pass through the checkpoints again.
type Checkpoint struct {
	ID     int64     `json:"id"`
	Hash   string    `json:"hash"`
	At     time.Time `json:"at"`
	Scheme string    `json:"scheme"`
	Sig    string    `json:"sig"`
}

func (c Checkpoint) message() []byte {
	return []byte("integrity-audit-checkpoint\n" + strconv.FormatInt(c.ID, 10) + "\n" + c.Hash + "\n" + c.At.UTC().Format(time.RFC3339Nano))
}

// Seal signs the head (id, hash) as of at.
func Seal(kr Keyring, id int64, hash string, at time.Time) Checkpoint {
	c := Checkpoint{ID: id, Hash: hash, At: at.UTC().Truncate(time.Microsecond)}
	c.Scheme, c.Sig = kr.SignCheckpoint(c.message())
	return c
}

// Line is the checkpoint as one line of the checkpoint file.
func (c Checkpoint) Line() []byte {
	b, _ := json.Marshal(c)
	return append(b, '\n')
}

// ReadCheckpoints reads a checkpoint file and checks every signature. A
// line that does not parse or whose signature fails is an error naming the
// line: a forged or edited checkpoint is as much a break as an edited entry.
// The result is sorted by entry.
func ReadCheckpoints(r io.Reader, kr Keyring) ([]Checkpoint, error) {
	var out []Checkpoint
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var c Checkpoint
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("checkpoint line %d: %w", n, err)
		}
		if !kr.VerifyCheckpoint(c.Scheme, c.message(), c.Sig) {
			return nil, fmt.Errorf("checkpoint line %d (entry %d): the signature does not match: the line was forged or altered", n, c.ID)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
