-- The organizer's ranking of award names (e.g. First prize, Second prize,
-- Third prize, Special mention): the order of every results page, export
-- and API answer. Each award row's position follows it.
--
-- Each account's preferred language for the e-mails Podium sends it ('en'
-- or 'zh-CN'); '' means not known yet (English is used). The SPA sends its
-- current language at registration, at sign-in and with PATCH /me.

-- +goose Up
ALTER TABLE contests ADD COLUMN awards_order text[] NOT NULL DEFAULT '{}';
ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT ''
    CHECK (language IN ('', 'en', 'zh-CN'));

-- +goose Down
ALTER TABLE users DROP COLUMN language;
ALTER TABLE contests DROP COLUMN awards_order;
