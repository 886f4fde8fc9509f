// The product's schema as ordered migrations. Never edit a released step: add a new one.
#include "storage/Migrations.h"

namespace madoguchi {

namespace {
const char* const kGramsInsertTrigger =
    "CREATE TRIGGER resident_keys_ai AFTER INSERT ON resident_keys BEGIN"
    " INSERT INTO resident_grams (rowid, grams) VALUES (new.id, new.grams); END";

QStringList L(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* s : items) {
        out << QString::fromUtf8(s);
    }
    return out;
}
} // namespace

QString Migrator::sqliteGramsInsertTrigger()
{
    return QString::fromUtf8(kGramsInsertTrigger);
}

const QList<Migration>& Migrator::schema()
{
    static const QList<Migration> steps = {
        {1,
         QStringLiteral("installation, operators, audit log, reference data"),
         L({
             "CREATE TABLE settings ("
             " key TEXT PRIMARY KEY,"
             " value TEXT NOT NULL,"
             " updated_at TEXT NOT NULL,"
             " updated_by TEXT)",

             "CREATE TABLE operators ("
             " id {id},"
             " login TEXT NOT NULL UNIQUE,"
             " display_name TEXT NOT NULL,"
             " password_hash TEXT NOT NULL,"
             " failed_attempts INTEGER NOT NULL DEFAULT 0,"
             " locked INTEGER NOT NULL DEFAULT 0,"
             " locked_at TEXT,"
             " active INTEGER NOT NULL DEFAULT 1,"
             " created_at TEXT NOT NULL,"
             " password_changed_at TEXT NOT NULL,"
             " last_login_at TEXT)",

             "CREATE TABLE operator_roles ("
             " operator_id {ref} NOT NULL REFERENCES operators(id) ON DELETE CASCADE,"
             " role TEXT NOT NULL,"
             " PRIMARY KEY (operator_id, role))",

             "CREATE TABLE audit_log ("
             " id {id},"
             " at TEXT NOT NULL,"
             " operator TEXT,"
             " terminal TEXT,"
             " action TEXT NOT NULL,"
             " target TEXT,"
             " detail TEXT,"
             " resident_id {ref},"
             " purpose TEXT,"
             " prev_hash TEXT NOT NULL,"
             " hash TEXT NOT NULL)",
             "CREATE INDEX audit_log_resident ON audit_log (resident_id, at)",
             "CREATE INDEX audit_log_at ON audit_log (at)",
             "CREATE INDEX audit_log_action ON audit_log (action, at)",

             "CREATE TABLE ref_local_government ("
             " code TEXT PRIMARY KEY,"
             " type TEXT NOT NULL,"
             " prefecture_code TEXT NOT NULL,"
             " parent_code TEXT,"
             " name TEXT NOT NULL,"
             " kana TEXT NOT NULL)",

             "CREATE TABLE ref_postal_code ("
             " id {id},"
             " postal_code TEXT NOT NULL,"
             " prefecture TEXT NOT NULL,"
             " city TEXT NOT NULL,"
             " town TEXT NOT NULL,"
             " detail TEXT NOT NULL,"
             " lg_code TEXT)",
             "CREATE INDEX ref_postal_code_code ON ref_postal_code (postal_code)",
             "CREATE INDEX ref_postal_code_lg ON ref_postal_code (lg_code)",

             "CREATE TABLE ref_dataset ("
             " name TEXT PRIMARY KEY,"
             " row_count INTEGER NOT NULL,"
             " sha256 TEXT NOT NULL,"
             " source TEXT NOT NULL,"
             " imported_at TEXT NOT NULL,"
             " imported_by TEXT)",
         }),
         {},
         {}},
        {2,
         QStringLiteral(
             "resident register: households, residents, former names, moves, search keys"),
         L({
             "CREATE TABLE households ("
             " id {id},"
             " household_no TEXT NOT NULL UNIQUE,"
             " created_at TEXT NOT NULL)",

             "CREATE TABLE residents ("
             " id {id},"
             " resident_code TEXT NOT NULL UNIQUE,"
             " household_id {ref} NOT NULL REFERENCES households(id),"
             " relationship TEXT NOT NULL,"
             " family_name TEXT NOT NULL,"
             " given_name TEXT NOT NULL,"
             " family_kana TEXT NOT NULL,"
             " given_kana TEXT NOT NULL,"
             " alpha_name TEXT NOT NULL DEFAULT '',"
             " common_name TEXT NOT NULL DEFAULT '',"
             " common_name_kana TEXT NOT NULL DEFAULT '',"
             " is_foreign INTEGER NOT NULL DEFAULT 0,"
             " nationality TEXT NOT NULL DEFAULT '',"
             " residence_status TEXT NOT NULL DEFAULT '',"
             " residence_period TEXT NOT NULL DEFAULT '',"
             " residence_expiry TEXT NOT NULL DEFAULT '',"
             " residence_card_no TEXT NOT NULL DEFAULT '',"
             " birth_date TEXT NOT NULL,"
             " sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),"
             " lg_code TEXT NOT NULL,"
             " postal_code TEXT NOT NULL,"
             " town TEXT NOT NULL,"
             " banchi TEXT NOT NULL,"
             " building TEXT NOT NULL DEFAULT '',"
             " became_resident_on TEXT NOT NULL,"
             " status TEXT NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'removed')),"
             " removed_on TEXT NOT NULL DEFAULT '',"
             " removed_reason TEXT NOT NULL DEFAULT '',"
             " honseki TEXT NOT NULL DEFAULT '',"
             " hittousha TEXT NOT NULL DEFAULT '',"
             " notes TEXT NOT NULL DEFAULT '',"
             " my_number_enc TEXT,"
             " my_number_hmac TEXT UNIQUE,"
             " dv_support INTEGER NOT NULL DEFAULT 0,"
             " dv_note TEXT NOT NULL DEFAULT '',"
             " kana_key TEXT NOT NULL,"
             " address_key TEXT NOT NULL,"
             " version INTEGER NOT NULL DEFAULT 1,"
             " created_at TEXT NOT NULL,"
             " updated_at TEXT NOT NULL)",
             "CREATE INDEX residents_household ON residents (household_id)",
             "CREATE INDEX residents_kana ON residents (kana_key)",
             "CREATE INDEX residents_birth ON residents (birth_date)",
             "CREATE INDEX residents_postal ON residents (postal_code)",

             "CREATE TABLE former_names ("
             " id {id},"
             " resident_id {ref} NOT NULL REFERENCES residents(id),"
             " family_name TEXT NOT NULL,"
             " given_name TEXT NOT NULL,"
             " family_kana TEXT NOT NULL,"
             " given_kana TEXT NOT NULL,"
             " until_date TEXT NOT NULL)",
             "CREATE INDEX former_names_resident ON former_names (resident_id)",

             // Every change to the register: what changed (JSON before/after), when it takes
             // effect, when it was recorded and by whom. A correction (職権修正) is a move of
             // its own that names the move it corrects and the supervisor who approved it.
             "CREATE TABLE moves ("
             " id {id},"
             " resident_id {ref} NOT NULL REFERENCES residents(id),"
             " kind TEXT NOT NULL,"
             " effective_date TEXT NOT NULL,"
             " recorded_at TEXT NOT NULL,"
             " operator TEXT NOT NULL,"
             " before_json TEXT NOT NULL,"
             " after_json TEXT NOT NULL,"
             " reason TEXT NOT NULL DEFAULT '',"
             " corrects_move_id {ref} REFERENCES moves(id),"
             " approved_by TEXT,"
             " corrected_by_move_id {ref})",
             "CREATE INDEX moves_resident ON moves (resident_id, id)",

             // Search keys, several per resident (name in kanji and kana, given name alone,
             // former names, 通称, alphabet name), with their one- and two-character grams
             // for substring search of any length.
             "CREATE TABLE resident_keys ("
             " id {id},"
             " resident_id {ref} NOT NULL REFERENCES residents(id),"
             " kind TEXT NOT NULL,"
             " search_key {key} NOT NULL,"
             " grams TEXT NOT NULL)",
             "CREATE INDEX resident_keys_key ON resident_keys (search_key)",
             "CREATE INDEX resident_keys_resident ON resident_keys (resident_id)",
         }),
         // SQLite: an FTS5 index over the grams (each a token), kept in step by triggers.
         L({
             "CREATE VIRTUAL TABLE resident_grams USING fts5("
             " grams, content='resident_keys', content_rowid='id',"
             " tokenize='unicode61 remove_diacritics 0')",
             kGramsInsertTrigger,
             "CREATE TRIGGER resident_keys_ad AFTER DELETE ON resident_keys BEGIN"
             " INSERT INTO resident_grams (resident_grams, rowid, grams)"
             " VALUES ('delete', old.id, old.grams); END",
             "CREATE TRIGGER resident_keys_au AFTER UPDATE ON resident_keys BEGIN"
             " INSERT INTO resident_grams (resident_grams, rowid, grams)"
             " VALUES ('delete', old.id, old.grams);"
             " INSERT INTO resident_grams (rowid, grams) VALUES (new.id, new.grams); END",
         }),
         // PostgreSQL: a GIN index over the grams as an array, and trigram indexes for addresses.
         L({
             "CREATE EXTENSION IF NOT EXISTS pg_trgm",
             "CREATE INDEX resident_keys_grams ON resident_keys USING gin (string_to_array(grams, "
             "' '))",
             "CREATE INDEX residents_address_trgm ON residents USING gin (address_key "
             "gin_trgm_ops)",
         })},
        {3,
         QStringLiteral("certificates issued at the counter (住民票の写し, 除票の写し)"),
         L({
             "CREATE TABLE certificate_issues ("
             " id {id},"
             " issuance_no TEXT NOT NULL UNIQUE,"
             " year INTEGER NOT NULL,"
             " serial INTEGER NOT NULL,"
             " kind TEXT NOT NULL,"
             " resident_id {ref} NOT NULL REFERENCES residents(id),"
             " whole_household INTEGER NOT NULL,"
             " requester_type TEXT NOT NULL,"
             " requester_name TEXT NOT NULL,"
             " id_document TEXT NOT NULL,"
             " purpose TEXT NOT NULL,"
             " options TEXT NOT NULL,"
             " fee INTEGER NOT NULL,"
             " receipt_no TEXT NOT NULL,"
             " issued_at TEXT NOT NULL,"
             " operator TEXT NOT NULL,"
             " pdf_sha256 TEXT NOT NULL,"
             " UNIQUE (year, serial))",
             "CREATE INDEX certificate_issues_resident ON certificate_issues (resident_id)",
         }),
         {},
         {}},
        {4,
         QStringLiteral("sync: the outbox of changes for central, pull cursor, conflicts"),
         L({
             "CREATE TABLE outbox ("
             " seq {id},"
             " change_id TEXT NOT NULL UNIQUE,"
             " kind TEXT NOT NULL,"
             " record_key TEXT NOT NULL,"
             " base_version INTEGER NOT NULL,"
             " payload TEXT NOT NULL,"
             " created_at TEXT NOT NULL,"
             " operator TEXT NOT NULL,"
             " state TEXT NOT NULL DEFAULT 'pending'," // pending / conflict
             " attempts INTEGER NOT NULL DEFAULT 0,"
             " last_error TEXT)",
             "CREATE INDEX outbox_state ON outbox (state, seq)",
             "CREATE TABLE sync_received ("
             " change_id TEXT PRIMARY KEY,"
             " central_seq INTEGER NOT NULL,"
             " kind TEXT NOT NULL,"
             " record_key TEXT NOT NULL,"
             " version INTEGER NOT NULL,"
             " payload TEXT NOT NULL,"
             " received_at TEXT NOT NULL)",
             "CREATE TABLE sync_conflicts ("
             " id {id},"
             " change_id TEXT NOT NULL UNIQUE,"
             " record_key TEXT NOT NULL,"
             " base_version INTEGER NOT NULL,"
             " central_version INTEGER NOT NULL,"
             " central_terminal TEXT NOT NULL,"
             " detected_at TEXT NOT NULL,"
             " resolved_at TEXT)",
         }),
         {},
         {}},
        {5,
         QStringLiteral("sync: what became of pulled changes, conflict resolutions, operators "
                        "managed by central"),
         L({
             "ALTER TABLE sync_received ADD COLUMN state TEXT NOT NULL DEFAULT 'stored'",
             "ALTER TABLE sync_received ADD COLUMN note TEXT",
             "ALTER TABLE sync_received ADD COLUMN terminal TEXT",
             "ALTER TABLE sync_received ADD COLUMN operator TEXT",
             "CREATE INDEX sync_received_record ON sync_received (record_key, version)",
             "ALTER TABLE sync_conflicts ADD COLUMN resolution TEXT",
             "ALTER TABLE sync_conflicts ADD COLUMN resolved_by TEXT",
             "CREATE INDEX outbox_record ON outbox (record_key)",
             "ALTER TABLE operators ADD COLUMN managed_by TEXT NOT NULL DEFAULT 'local'",
         }),
         {},
         {}},
        {6,
         QStringLiteral("JPKI: central's CA certificates and CRLs cached for verifying "
                        "certificates"),
         L({
             // One row per CA ("sign", "auth"): the CRL as base64 DER, as central published it.
             "CREATE TABLE pki_crls ("
             " ca TEXT PRIMARY KEY,"
             " issuer TEXT NOT NULL,"
             " der TEXT NOT NULL,"
             " this_update TEXT NOT NULL,"
             " next_update TEXT NOT NULL,"
             " fetched_at TEXT NOT NULL)",
             // The PEM bundle of GET /v1/pki/ca (root, signing CA, authentication CA): one row.
             "CREATE TABLE pki_ca_bundle ("
             " id INTEGER PRIMARY KEY,"
             " pem TEXT NOT NULL,"
             " fetched_at TEXT NOT NULL)",
         }),
         {},
         {}},
        {7,
         QStringLiteral("card issuance: applications and their history (交付)"),
         L({
             "CREATE TABLE card_applications ("
             " id {id},"
             " resident_id {ref} NOT NULL REFERENCES residents(id),"
             " resident_code TEXT NOT NULL,"
             " state TEXT NOT NULL,"
             " applied_at TEXT NOT NULL,"
             " updated_at TEXT NOT NULL,"
             " delivered_at TEXT,"
             " issued_at TEXT,"
             " expires_on TEXT,"
             " card_serial TEXT,"
             " proxy INTEGER NOT NULL DEFAULT 0,"
             " version INTEGER NOT NULL DEFAULT 1)",
             "CREATE INDEX card_applications_state ON card_applications (state, updated_at)",
             "CREATE INDEX card_applications_resident ON card_applications (resident_id)",
             "CREATE TABLE card_application_history ("
             " id {id},"
             " application_id {ref} NOT NULL REFERENCES card_applications(id),"
             " from_state TEXT,"
             " to_state TEXT NOT NULL,"
             " at TEXT NOT NULL,"
             " operator TEXT NOT NULL,"
             " reason TEXT)",
             "CREATE INDEX card_application_history_app ON card_application_history "
             "(application_id, id)",
         }),
         {},
         {}},
        {8,
         QStringLiteral("card issuance: production, delegation, notices, appointments, reminders "
                        "and the counter's hand-over record"),
         L({
             // central's production order and the card it produced (card_serial, migration 7)
             "ALTER TABLE card_applications ADD COLUMN production_id TEXT",
             // a small town's card issued by central on its behalf (委任)
             "ALTER TABLE card_applications ADD COLUMN delegated INTEGER NOT NULL DEFAULT 0",
             "ALTER TABLE card_applications ADD COLUMN notice_sent_at TEXT",
             "ALTER TABLE card_applications ADD COLUMN appointment_at TEXT",
             "ALTER TABLE card_applications ADD COLUMN renewal_reminded_at TEXT",
             // One row per application while (and after) the card is handed over at the
             // counter: which steps are done on the card, so a hand-over interrupted (card
             // pulled, power lost) resumes where it stopped and is flagged until it ends.
             "CREATE TABLE card_handovers ("
             " application_id {ref} PRIMARY KEY REFERENCES card_applications(id),"
             " card_serial TEXT,"
             " step TEXT NOT NULL,"
             " pins_done TEXT NOT NULL DEFAULT '',"
             " auth_serial TEXT,"
             " sign_serial TEXT,"
             " interrupted INTEGER NOT NULL DEFAULT 0,"
             " last_error TEXT,"
             " started_at TEXT NOT NULL,"
             " updated_at TEXT NOT NULL,"
             " operator TEXT NOT NULL)",
         }),
         {},
         {}},
        {9,
         QStringLiteral("disasters, shelters, the victim ledger and stays (被災者台帳・避難所)"),
         L({
             // uid (also in shelters and stays): global across workstations, for the sync.
             // field_times: when each replicated field was last set and where ("time|origin"),
             // so that changes from several workstations merge field by field, the latest
             // winning, in whatever order they arrive (LedgerSync).
             "CREATE TABLE disasters ("
             " id {id},"
             " uid TEXT NOT NULL UNIQUE,"
             " field_times TEXT NOT NULL DEFAULT '{}',"
             " code TEXT NOT NULL,"
             " name TEXT NOT NULL,"
             " type TEXT NOT NULL,"
             " occurred_on TEXT NOT NULL,"
             // local-government codes, space-separated
             " affected_areas TEXT NOT NULL DEFAULT '',"
             " opened_at TEXT NOT NULL,"
             " opened_by TEXT NOT NULL,"
             " closed_at TEXT)",
             "CREATE TABLE shelters ("
             " id {id},"
             " uid TEXT NOT NULL UNIQUE,"
             " field_times TEXT NOT NULL DEFAULT '{}',"
             " disaster_id {ref} NOT NULL REFERENCES disasters(id),"
             " name TEXT NOT NULL,"
             " address TEXT NOT NULL DEFAULT '',"
             " kind TEXT NOT NULL,"
             " capacity INTEGER NOT NULL,"
             " open INTEGER NOT NULL DEFAULT 1,"
             " contact TEXT NOT NULL DEFAULT '',"
             " created_at TEXT NOT NULL,"
             " created_by TEXT NOT NULL)",
             "CREATE INDEX shelters_disaster ON shelters (disaster_id)",
             // uid: DOMAIN/LOCAL, global (sync, PFIF). sealed: the contact fields (registered
             // address, whereabouts, phone, allergies) sealed with the installation key, bound
             // to the uid. name_key / kana_key: the folded search keys (text::searchKey).
             // merge_record: what merge() moved and filled, for unmerge().
             "CREATE TABLE ledger_persons ("
             " id {id},"
             " disaster_id {ref} NOT NULL REFERENCES disasters(id),"
             " uid TEXT NOT NULL UNIQUE,"
             " field_times TEXT NOT NULL DEFAULT '{}',"
             " family_name TEXT NOT NULL,"
             " given_name TEXT NOT NULL DEFAULT '',"
             " family_kana TEXT NOT NULL DEFAULT '',"
             " given_kana TEXT NOT NULL DEFAULT '',"
             " birth_date TEXT NOT NULL DEFAULT '',"
             " sex TEXT NOT NULL DEFAULT '',"
             " sealed TEXT,"
             " resident_id {ref} REFERENCES residents(id),"
             " household_key TEXT NOT NULL DEFAULT '',"
             " safety TEXT NOT NULL DEFAULT 'unknown',"
             " needs TEXT NOT NULL DEFAULT '',"
             " pets TEXT NOT NULL DEFAULT '',"
             " staying TEXT NOT NULL DEFAULT 'shelter',"
             " consent_share INTEGER NOT NULL DEFAULT 0,"
             " consent_enquiry INTEGER NOT NULL DEFAULT 0,"
             " dv INTEGER NOT NULL DEFAULT 0,"
             " name_key TEXT NOT NULL DEFAULT '',"
             " kana_key TEXT NOT NULL DEFAULT '',"
             " merged_into {ref} REFERENCES ledger_persons(id),"
             " merge_record TEXT,"
             " created_at TEXT NOT NULL,"
             " created_by TEXT NOT NULL,"
             " updated_at TEXT NOT NULL,"
             " updated_by TEXT NOT NULL,"
             " version INTEGER NOT NULL DEFAULT 1)",
             "CREATE INDEX ledger_persons_kana ON ledger_persons (disaster_id, kana_key, "
             "birth_date)",
             "CREATE INDEX ledger_persons_name ON ledger_persons (disaster_id, name_key, "
             "birth_date)",
             "CREATE INDEX ledger_persons_resident ON ledger_persons (resident_id)",
             "CREATE TABLE disaster_stays ("
             " id {id},"
             " uid TEXT NOT NULL UNIQUE,"
             " field_times TEXT NOT NULL DEFAULT '{}',"
             " person_id {ref} NOT NULL REFERENCES ledger_persons(id),"
             " shelter_id {ref} NOT NULL REFERENCES shelters(id),"
             " checked_in_at TEXT NOT NULL,"
             " checked_out_at TEXT,"
             " transferred_to {ref} REFERENCES shelters(id),"
             " by_operator TEXT NOT NULL)",
             "CREATE INDEX disaster_stays_person ON disaster_stays (person_id, checked_out_at)",
             "CREATE INDEX disaster_stays_shelter ON disaster_stays (shelter_id, checked_out_at)",
         }),
         {},
         {}},
        {10,
         QStringLiteral(
             "PFIF notes of the victim ledger (安否情報の交換) and the offline extract of "
             "the register for a disaster"),
         L({
             // PFIF 1.4 notes about ledger persons, as imported (origin 'import') or written by
             // an export (origin 'local'), each field kept as written. Dates are PFIF's UTC
             // "YYYY-MM-DDTHH:MM:SSZ" or ''. author_made_contact: 1, 0 or NULL (not given).
             "CREATE TABLE disaster_pfif_notes ("
             " id {id},"
             " note_record_id TEXT NOT NULL UNIQUE,"
             " person_id {ref} NOT NULL REFERENCES ledger_persons(id),"
             " person_record_id TEXT NOT NULL,"
             " linked_person_record_id TEXT NOT NULL DEFAULT '',"
             " entry_date TEXT NOT NULL DEFAULT '',"
             " author_name TEXT NOT NULL DEFAULT '',"
             " author_email TEXT NOT NULL DEFAULT '',"
             " author_phone TEXT NOT NULL DEFAULT '',"
             " source_date TEXT NOT NULL DEFAULT '',"
             " author_made_contact INTEGER,"
             " status TEXT NOT NULL DEFAULT '',"
             " email_of_found_person TEXT NOT NULL DEFAULT '',"
             " phone_of_found_person TEXT NOT NULL DEFAULT '',"
             " last_known_location TEXT NOT NULL DEFAULT '',"
             " text TEXT NOT NULL DEFAULT '',"
             " photo_url TEXT NOT NULL DEFAULT '',"
             " origin TEXT NOT NULL,"
             " stored_at TEXT NOT NULL,"
             " stored_by TEXT NOT NULL)",
             "CREATE INDEX disaster_pfif_notes_person ON disaster_pfif_notes (person_id, id)",
             // The offline extract of the register on a laptop without it
             // (disaster/RegisterExtract): one resident a row, the record sealed with the
             // installation key and bound to the resident code.
             "CREATE TABLE disaster_extract_residents ("
             " resident_code TEXT PRIMARY KEY,"
             " sealed TEXT NOT NULL,"
             " disaster_code TEXT NOT NULL,"
             " imported_at TEXT NOT NULL,"
             " imported_by TEXT NOT NULL)",
         }),
         {},
         {}},
        {11,
         QStringLiteral("house damage surveys (住家被害認定) and the certificates issued from them "
                        "(罹災証明書, 被災証明書)"),
         L({
             // A building of a disaster; residents: JSON [{"person": ledger id or 0, "name"}].
             "CREATE TABLE recovery_buildings ("
             " id {id},"
             " disaster_id {ref} NOT NULL REFERENCES disasters(id),"
             " address TEXT NOT NULL,"
             " owner TEXT NOT NULL DEFAULT '',"
             " residential INTEGER NOT NULL DEFAULT 1,"
             " residents TEXT NOT NULL DEFAULT '[]',"
             " created_at TEXT NOT NULL,"
             " created_by TEXT NOT NULL)",
             "CREATE INDEX recovery_buildings_disaster ON recovery_buildings (disaster_id)",
             // Every survey of a building is kept; the latest (highest id) counts. grade: the
             // id of recovery::gradeForLoss, '' for non-residential property.
             "CREATE TABLE recovery_surveys ("
             " id {id},"
             " building_id {ref} NOT NULL REFERENCES recovery_buildings(id),"
             " round INTEGER NOT NULL,"
             " surveyed_on TEXT NOT NULL,"
             " surveyor TEXT NOT NULL,"
             " loss_percent DOUBLE PRECISION NOT NULL,"
             " grade TEXT NOT NULL DEFAULT '',"
             " notes TEXT NOT NULL DEFAULT '',"
             " request_reason TEXT NOT NULL DEFAULT '',"
             " recorded_at TEXT NOT NULL,"
             " recorded_by TEXT NOT NULL)",
             "CREATE INDEX recovery_surveys_building ON recovery_surveys (building_id, id)",
             // Photos: the copy in the photo folder and its SHA-256 (hex).
             "CREATE TABLE recovery_photos ("
             " id {id},"
             " survey_id {ref} NOT NULL REFERENCES recovery_surveys(id),"
             " path TEXT NOT NULL,"
             " sha256 TEXT NOT NULL)",
             "CREATE INDEX recovery_photos_survey ON recovery_photos (survey_id)",
             // kind: risai or hisai; state: applied decided issued; number once issued.
             "CREATE TABLE recovery_certificates ("
             " id {id},"
             " building_id {ref} NOT NULL REFERENCES recovery_buildings(id),"
             " kind TEXT NOT NULL,"
             " applicant TEXT NOT NULL,"
             " proxy INTEGER NOT NULL DEFAULT 0,"
             " power_of_attorney INTEGER NOT NULL DEFAULT 0,"
             " state TEXT NOT NULL,"
             " survey_id {ref} REFERENCES recovery_surveys(id),"
             " grade TEXT NOT NULL DEFAULT '',"
             " number TEXT UNIQUE,"
             " applied_at TEXT NOT NULL,"
             " applied_by TEXT NOT NULL,"
             " decided_at TEXT,"
             " issued_at TEXT,"
             " issued_by TEXT)",
             "CREATE INDEX recovery_certificates_building ON recovery_certificates "
             "(building_id)",
         }),
         {},
         {}},
        {12,
         QStringLiteral("disaster recovery: support payments, temporary housing, relief supplies"),
         L({
             // The amounts of the livelihood-recovery support payment (被災者生活再建支援金),
             // in yen, as the law sets them; the city updates them when the law changes.
             "CREATE TABLE relief_payment_amounts ("
             " key TEXT PRIMARY KEY,"
             " amount BIGINT NOT NULL,"
             " updated_at TEXT NOT NULL DEFAULT '',"
             " updated_by TEXT NOT NULL DEFAULT '')",
             "INSERT INTO relief_payment_amounts (key, amount) VALUES ('basic.zenkai', 1000000)",
             "INSERT INTO relief_payment_amounts (key, amount) VALUES ('basic.kaitai', 1000000)",
             "INSERT INTO relief_payment_amounts (key, amount) VALUES ('basic.chouki', 1000000)",
             "INSERT INTO relief_payment_amounts (key, amount) VALUES ('basic.daikibo', 500000)",
             "INSERT INTO relief_payment_amounts (key, amount) VALUES ('additional.build', "
             "2000000)",
             "INSERT INTO relief_payment_amounts (key, amount) VALUES ('additional.repair', "
             "1000000)",
             "INSERT INTO relief_payment_amounts (key, amount) VALUES ('additional.rent', 500000)",
             // One application a row: part basic / additional; state applied / review / paid /
             // rejected; the amount fixed when applied; dates YYYY-MM-DD (Japan).
             "CREATE TABLE relief_payments ("
             " id {id},"
             " disaster_id {ref} NOT NULL REFERENCES disasters(id),"
             " household TEXT NOT NULL,"
             " part TEXT NOT NULL,"
             " grade TEXT NOT NULL,"
             " rebuild TEXT NOT NULL DEFAULT '',"
             " members INTEGER NOT NULL,"
             " amount BIGINT NOT NULL,"
             " state TEXT NOT NULL,"
             " applied_on TEXT NOT NULL,"
             " deadline TEXT NOT NULL,"
             " reason TEXT NOT NULL DEFAULT '',"
             " created_at TEXT NOT NULL,"
             " created_by TEXT NOT NULL,"
             " updated_at TEXT NOT NULL,"
             " updated_by TEXT NOT NULL)",
             "CREATE INDEX relief_payments_household ON relief_payments (disaster_id, household)",
             // Temporary housing (応急仮設住宅): units and applications by household. needs:
             // the household's special-care needs from the ledger when applying. state:
             // waiting / assigned / moved_in / moved_out / withdrawn. A unit holds one household
             // at a time (the partial unique index).
             "CREATE TABLE housing_units ("
             " id {id},"
             " disaster_id {ref} NOT NULL REFERENCES disasters(id),"
             " site TEXT NOT NULL,"
             " type TEXT NOT NULL,"
             " size TEXT NOT NULL DEFAULT '',"
             " accessible INTEGER NOT NULL DEFAULT 0,"
             " created_at TEXT NOT NULL,"
             " created_by TEXT NOT NULL)",
             "CREATE TABLE housing_applications ("
             " id {id},"
             " disaster_id {ref} NOT NULL REFERENCES disasters(id),"
             " household TEXT NOT NULL,"
             " members INTEGER NOT NULL,"
             " needs TEXT NOT NULL DEFAULT '',"
             " state TEXT NOT NULL,"
             " unit_id {ref} REFERENCES housing_units(id),"
             " applied_at TEXT NOT NULL,"
             " applied_by TEXT NOT NULL,"
             " moved_in_on TEXT NOT NULL DEFAULT '',"
             " moved_out_on TEXT NOT NULL DEFAULT '',"
             " updated_at TEXT NOT NULL DEFAULT '',"
             " updated_by TEXT NOT NULL DEFAULT '')",
             "CREATE UNIQUE INDEX housing_applications_unit ON housing_applications (unit_id) "
             "WHERE state IN ('assigned', 'moved_in')",
             "CREATE INDEX housing_applications_household ON housing_applications (disaster_id, "
             "household)",
             // Relief supplies (緊急物資): items, lots of stock per location (expiry '' when it
             // does not expire; quantity never below 0), requests from shelters (priority 1
             // urgent .. 3 low; requested / committed / sent / received).
             "CREATE TABLE supply_items ("
             " id {id},"
             " disaster_id {ref} NOT NULL REFERENCES disasters(id),"
             " name TEXT NOT NULL,"
             " unit TEXT NOT NULL DEFAULT '',"
             " low_stock BIGINT NOT NULL DEFAULT 0,"
             " created_at TEXT NOT NULL,"
             " created_by TEXT NOT NULL,"
             " UNIQUE (disaster_id, name))",
             "CREATE TABLE supply_stock ("
             " id {id},"
             " item_id {ref} NOT NULL REFERENCES supply_items(id),"
             " location TEXT NOT NULL,"
             " quantity BIGINT NOT NULL CHECK (quantity >= 0),"
             " expiry TEXT NOT NULL DEFAULT '',"
             " received_at TEXT NOT NULL,"
             " received_by TEXT NOT NULL)",
             "CREATE INDEX supply_stock_item ON supply_stock (item_id, location)",
             "CREATE TABLE supply_requests ("
             " id {id},"
             " disaster_id {ref} NOT NULL REFERENCES disasters(id),"
             " shelter_id {ref} NOT NULL REFERENCES shelters(id),"
             " item_id {ref} NOT NULL REFERENCES supply_items(id),"
             " quantity BIGINT NOT NULL CHECK (quantity > 0),"
             " priority INTEGER NOT NULL,"
             " state TEXT NOT NULL,"
             " from_location TEXT NOT NULL DEFAULT '',"
             " requested_at TEXT NOT NULL,"
             " requested_by TEXT NOT NULL,"
             " updated_at TEXT NOT NULL DEFAULT '',"
             " updated_by TEXT NOT NULL DEFAULT '')",
             "CREATE INDEX supply_requests_open ON supply_requests (disaster_id, state)",
         }),
         {},
         {}},
        {13,
         QStringLiteral(
             "training: publishers, courses, enrolments, progress, quizzes, certificates"),
         L({
             // Publisher keys an administrator trusts (learning trust PUBKEY.pem). key_id: sha256
             // of the DER SubjectPublicKeyInfo, hex. A revoked key no longer verifies packages.
             "CREATE TABLE learning_publishers ("
             " id {id},"
             " key_id TEXT NOT NULL UNIQUE,"
             " name TEXT NOT NULL DEFAULT '',"
             " public_key TEXT NOT NULL,"
             " trusted_at TEXT NOT NULL,"
             " trusted_by TEXT NOT NULL,"
             " revoked_at TEXT NOT NULL DEFAULT '',"
             " revoked_by TEXT NOT NULL DEFAULT '')",
             // Each imported version of a course (docs/course-package.md). The newest version
             // of a course_id is the one learners take. source: package / catalogue / scorm.
             // manifest and quiz: the JSON as in the package. package: the verified package.
             "CREATE TABLE courses ("
             " id {id},"
             " course_id TEXT NOT NULL,"
             " version INTEGER NOT NULL,"
             " title TEXT NOT NULL,"
             " title_en TEXT NOT NULL DEFAULT '',"
             " description TEXT NOT NULL DEFAULT '',"
             " publisher TEXT NOT NULL DEFAULT '',"
             " publisher_key_id TEXT NOT NULL DEFAULT '',"
             " source TEXT NOT NULL,"
             " manifest TEXT NOT NULL,"
             " quiz TEXT NOT NULL DEFAULT '',"
             " package {blob},"
             " package_sha256 TEXT NOT NULL DEFAULT '',"
             " imported_at TEXT NOT NULL,"
             " imported_by TEXT NOT NULL,"
             " UNIQUE (course_id, version))",
             // Lessons of each course version, the PDF as bytes (pages counted on import).
             "CREATE TABLE course_lessons ("
             " id {id},"
             " course_row {ref} NOT NULL REFERENCES courses(id),"
             " lesson_id TEXT NOT NULL,"
             " module_id TEXT NOT NULL,"
             " position INTEGER NOT NULL,"
             " title TEXT NOT NULL,"
             " title_en TEXT NOT NULL DEFAULT '',"
             " pages INTEGER NOT NULL DEFAULT 0,"
             " pdf {blob},"
             " UNIQUE (course_row, lesson_id))",
             // A learner (operator login) on a course. uid: stable across workstations for
             // sync. completed_at '' until the completion rules are met.
             "CREATE TABLE learning_enrolments ("
             " id {id},"
             " uid TEXT NOT NULL UNIQUE,"
             " login TEXT NOT NULL,"
             " course_id TEXT NOT NULL,"
             " course_version INTEGER NOT NULL,"
             " enrolled_at TEXT NOT NULL,"
             " enrolled_by TEXT NOT NULL,"
             " completed_at TEXT NOT NULL DEFAULT '',"
             " UNIQUE (login, course_id))",
             // Progress in one lesson: pages viewed as a comma list of page numbers (1-based),
             // the page to resume at, seconds spent.
             "CREATE TABLE lesson_progress ("
             " enrolment_id {ref} NOT NULL REFERENCES learning_enrolments(id),"
             " lesson_id TEXT NOT NULL,"
             " pages_viewed TEXT NOT NULL DEFAULT '',"
             " page_count INTEGER NOT NULL DEFAULT 0,"
             " last_page INTEGER NOT NULL DEFAULT 1,"
             " seconds INTEGER NOT NULL DEFAULT 0,"
             " completed INTEGER NOT NULL DEFAULT 0,"
             " updated_at TEXT NOT NULL,"
             " PRIMARY KEY (enrolment_id, lesson_id))",
             // One attempt at a course's quiz. presented: JSON of the question and choice order
             // shown; answers: JSON {question id: [choice ids]}; submitted_at '' while open.
             "CREATE TABLE quiz_attempts ("
             " id {id},"
             " uid TEXT NOT NULL UNIQUE,"
             " enrolment_id {ref} NOT NULL REFERENCES learning_enrolments(id),"
             " attempt INTEGER NOT NULL,"
             " presented TEXT NOT NULL,"
             " answers TEXT NOT NULL DEFAULT '',"
             " score INTEGER NOT NULL DEFAULT 0,"
             " max_score INTEGER NOT NULL DEFAULT 0,"
             " passed INTEGER NOT NULL DEFAULT 0,"
             " started_at TEXT NOT NULL,"
             " submitted_at TEXT NOT NULL DEFAULT '',"
             " UNIQUE (enrolment_id, attempt))",
             // Completion certificates (修了証). number: printed on the PDF, checked with
             // learning certificate verify NUMBER or central's API.
             "CREATE TABLE learning_certificates ("
             " number TEXT PRIMARY KEY,"
             " enrolment_id {ref} NOT NULL REFERENCES learning_enrolments(id),"
             " login TEXT NOT NULL,"
             " display_name TEXT NOT NULL,"
             " course_id TEXT NOT NULL,"
             " course_version INTEGER NOT NULL,"
             " course_title TEXT NOT NULL,"
             " score INTEGER NOT NULL,"
             " completed_at TEXT NOT NULL,"
             " issued_at TEXT NOT NULL)",
             // Roles that need a passed course before they can be given (e.g. clerk needs the
             // personal-data course).
             "CREATE TABLE role_course_requirements ("
             " role TEXT NOT NULL,"
             " course_id TEXT NOT NULL,"
             " set_at TEXT NOT NULL,"
             " set_by TEXT NOT NULL,"
             " PRIMARY KEY (role, course_id))",
         }),
         {},
         {}},
    };
    return steps;
}

} // namespace madoguchi
