-- +goose Up
-- ID numbers are masked as the first 4 and last 2 characters
-- (3201**********34), not 6 and 4: beside a birth date the old mask gave
-- the whole number back (docs/SECURITY.md, "Masks that hold"). The stored
-- masks are recomputed from the old ones, which hold the characters kept.
UPDATE officials
   SET id_number_masked = substr(id_number_masked, 1, 4) || replace(hex(zeroblob(length(id_number_masked) - 6)), '00', '*') ||
                          substr(id_number_masked, -2, 2)
 WHERE length(id_number_masked) >= 11 AND substr(id_number_masked, 5, 1) <> '*';

-- +goose Down
SELECT 1;
