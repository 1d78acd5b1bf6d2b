/* pomar-records.h: the normalized records every layer speaks.
 *
 * These are the records of shared/contract/sync-api-v1.md as plain C structs:
 * connectors produce them, the store keeps them, the core computes from them
 * and the front ends show them. Field names follow the contract.
 *
 * Conventions:
 *  - strings are owned, UTF-8, and NULL when the value is null;
 *  - timestamps are RFC 3339 strings in UTC with a 'Z' suffix;
 *  - calendar days are "YYYY-MM-DD" strings;
 *  - an integer that may be null holds POMAR_NO_INT when it is;
 *  - a number that may be null holds NAN when it is (test with isnan());
 *  - `deleted` marks a tombstone: only id, version and updated_at are set.
 */
#pragma once

#include <glib.h>
#include <math.h>

#include "pomar-day.h"

G_BEGIN_DECLS

#define POMAR_NO_INT G_MININT64

/* The six collections of the contract, in the contract's order. */
typedef enum
{
  POMAR_COLLECTION_ACCOUNTS,
  POMAR_COLLECTION_CONTACTS,
  POMAR_COLLECTION_TICKETS,
  POMAR_COLLECTION_USAGE,
  POMAR_COLLECTION_RESPONSES,
  POMAR_COLLECTION_ACTIVITIES,
  POMAR_N_COLLECTIONS
} PomarCollection;

const char *pomar_collection_to_string   (PomarCollection  collection);
gboolean    pomar_collection_from_string (const char      *name,
                                          PomarCollection *out);

typedef struct
{
  char    *id;
  gint64   version;
  char    *updated_at;
  gboolean deleted;

  char    *name;
  char    *domain;
  char    *segment;         /* enterprise | mid-market | smb | other | NULL */
  char    *owner;
  char    *stage;           /* a stage id of pomar-stage.h, or as given */
  double   arr;             /* NAN when null */
  char    *currency;        /* ISO 4217 */
  char    *plan;
  gint64   licensed_seats;  /* POMAR_NO_INT when null */
  char    *contract_start;  /* YYYY-MM-DD */
  char    *renewal_date;    /* YYYY-MM-DD */
  char    *created_at;
} PomarAccount;

typedef struct
{
  char    *id;
  gint64   version;
  char    *updated_at;
  gboolean deleted;

  char    *account_id;
  char    *name;
  char    *email;
  char    *title;
  char    *role;            /* champion | decision_maker | user | billing | NULL */
} PomarContact;

typedef struct
{
  char    *id;
  gint64   version;
  char    *updated_at;
  gboolean deleted;

  char    *account_id;
  char    *subject;
  char    *status;          /* new | open | pending | hold | solved | closed */
  char    *priority;        /* low | normal | high | urgent */
  char    *type;            /* question | incident | problem | task | NULL */
  char    *created_at;
  char    *solved_at;
} PomarTicket;

typedef struct
{
  char    *id;              /* "<account_id>:<day>" by convention */
  gint64   version;
  char    *updated_at;
  gboolean deleted;

  char    *account_id;
  char    *day;             /* YYYY-MM-DD */
  gint64   active_users;    /* POMAR_NO_INT when null */
  gint64   sessions;
  gint64   events;
  char    *features_json;   /* a JSON object as text, or NULL */
} PomarUsage;

typedef struct
{
  char    *id;
  gint64   version;
  char    *updated_at;
  gboolean deleted;

  char    *account_id;
  char    *contact_id;
  char    *kind;            /* nps | csat */
  gint64   score;           /* nps 0..10, csat 1..5 */
  char    *comment;
  char    *responded_at;
} PomarResponse;

typedef struct
{
  char    *id;              /* a UUID when a client made it */
  gint64   version;
  char    *updated_at;
  gboolean deleted;

  char    *account_id;
  char    *kind;            /* note | meeting | email | call | task_done | task_reopened | stage_change */
  char    *author;
  char    *body;            /* for task_* and stage_change: JSON text */
  char    *occurred_at;
} PomarActivity;

/* A row of an account's stage history. The store derives these from
 * activities of kind stage_change; they are never sent over the API. */
typedef struct
{
  char *account_id;
  char *from_stage;         /* NULL for the first stage */
  char *to_stage;
  char *changed_at;
  char *activity_id;
} PomarStageChange;

/* A playbook started for an account (domain.md, Playbooks). */
typedef struct
{
  char *id;
  char *account_id;
  char *template_id;
  char *trigger;            /* stage:<id> | health:red | nps:detractor | renewal:90 | ticket:urgent-48h | manual */
  char *started_at;
  char *status;             /* open | complete | cancelled */
  char *completed_at;
} PomarPlaybookInstance;

typedef struct
{
  char  *instance_id;
  char  *task_id;
  int    position;          /* order within the playbook */
  char  *title;
  gint64 due_offset;        /* days after started_at */
  char  *state;             /* open | done | skipped */
  char  *done_by;
  char  *done_at;
  char  *skip_reason;
} PomarPlaybookTask;

/* One field of a record, named as in the contract: how the store's scan
 * hands records to exporters without either knowing the other. */
typedef enum
{
  POMAR_FIELD_NULL,
  POMAR_FIELD_INT,
  POMAR_FIELD_DOUBLE,
  POMAR_FIELD_STRING,
  POMAR_FIELD_JSON,    /* a JSON value as text (usage "features") */
  POMAR_FIELD_BOOLEAN,
} PomarFieldType;

typedef struct
{
  const char    *name;
  PomarFieldType type;
  gint64         i;   /* INT and BOOLEAN */
  double         d;   /* DOUBLE */
  const char    *s;   /* STRING and JSON */
} PomarField;

typedef gboolean (*PomarRowFunc) (const PomarField *fields,
                                  guint             n_fields,
                                  gpointer          user_data,
                                  GError          **error);


void pomar_account_clear           (PomarAccount          *self);
void pomar_contact_clear           (PomarContact          *self);
void pomar_ticket_clear            (PomarTicket           *self);
void pomar_usage_clear             (PomarUsage            *self);
void pomar_response_clear          (PomarResponse         *self);
void pomar_activity_clear          (PomarActivity         *self);
void pomar_stage_change_clear      (PomarStageChange      *self);
void pomar_playbook_instance_clear (PomarPlaybookInstance *self);
void pomar_playbook_task_clear     (PomarPlaybookTask     *self);

void pomar_account_free            (PomarAccount          *self);
void pomar_contact_free            (PomarContact          *self);
void pomar_ticket_free             (PomarTicket           *self);
void pomar_usage_free              (PomarUsage            *self);
void pomar_response_free           (PomarResponse         *self);
void pomar_activity_free           (PomarActivity         *self);
void pomar_stage_change_free       (PomarStageChange      *self);
void pomar_playbook_instance_free  (PomarPlaybookInstance *self);
void pomar_playbook_task_free      (PomarPlaybookTask     *self);

PomarAccount *pomar_account_copy   (const PomarAccount    *self);

/* Open means status new, open, pending or hold (the contract). */
gboolean pomar_ticket_status_is_open (const char *status);
/* Whether a ticket created on @created was open on @day: created by then
 * and not solved by then (solved after @day, or, with no solved day, an
 * open status). */
gboolean pomar_ticket_is_open_on     (PomarDay    created,
                                      PomarDay    solved,
                                      const char *status,
                                      PomarDay    day);
/* A note, meeting, email or call: what engagement counts as a touch. */
gboolean pomar_activity_kind_is_touch (const char *kind);
/* The contract's activity record as JSON text ({"id", "account_id", "kind",
 * "author", "body", "occurred_at"}), what POST /v1/activities takes. */
char    *pomar_activity_to_contract_json (const PomarActivity *activity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarAccount, pomar_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarContact, pomar_contact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarTicket, pomar_ticket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarUsage, pomar_usage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarResponse, pomar_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarActivity, pomar_activity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarStageChange, pomar_stage_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarPlaybookInstance, pomar_playbook_instance_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PomarPlaybookTask, pomar_playbook_task_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PomarPlaybookInstance, pomar_playbook_instance_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PomarPlaybookTask, pomar_playbook_task_clear)

/* The key accounts are matched by across providers (domain.md): the host
 * of @text, which may be a bare domain ("Acme.com") or a URL
 * ("https://www.acme.com/pt/"), in lower case, without a leading "www.",
 * a port or a trailing dot. NULL when there is none. */
char *pomar_domain_key (const char *text);

G_END_DECLS
