-- +goose Up
-- ID numbers are masked as the first 4 and last 2 characters
-- (3201**********34), not 6 and 4: beside a birth date the old mask gave
-- the whole number back (docs/SECURITY.md, "Masks that hold"). The stored
-- masks are recomputed from the old ones, which hold the characters kept.
UPDATE officials
   SET id_number_masked = CONCAT(SUBSTRING(id_number_masked, 1, 4), REPEAT('*', CHAR_LENGTH(id_number_masked) - 6),
                                 SUBSTRING(id_number_masked, CHAR_LENGTH(id_number_masked) - 1, 2))
 WHERE CHAR_LENGTH(id_number_masked) >= 11 AND SUBSTRING(id_number_masked, 5, 1) <> '*';

-- +goose Down
SELECT 1;
