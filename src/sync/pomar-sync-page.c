/* pomar-sync-page.c: a page of the sync contract read without a JSON tree.
 *
 * The page is copied once and read in place: the strings a record keeps
 * are unescaped where they lie and ended with a NUL there, so a value costs
 * no allocation until the record rules copy what they keep. The copy ends
 * with a NUL of its own, and the page is checked to be UTF-8 without NULs
 * first (json-glib refuses it otherwise), so the reader looks one character
 * ahead without bounds checks: the end reads as a character nothing
 * expects.
 *
 * What json-glib 1.6 would read differently from RFC 8259, or that this
 * reader does not read the way json-glib does, is never read here (see the
 * header): json-glib's scanner reads a leading 0 as octal, numbers beyond
 * 64 bits wrap, "\u0000" ends a string early, a lone surrogate is an error
 * or worse, and a member given twice keeps its last value. Any of these
 * in a record hands that record to json-glib; anything outside strict JSON
 * hands it the page.
 */
#include "config.h"

#include <string.h>

#include "sync/pomar-sync-page.h"
#include "sync/pomar-sync-records-private.h"

/* Deeper nesting is left to json-glib. */
#define MAX_DEPTH        64
/* Whole numbers of up to 18 digits always fit in a gint64. */
#define MAX_WHOLE_DIGITS 18
/* Numbers with a fraction or an exponent are read from a copy this long. */
#define MAX_NUMBER_CHARS 63
/* Members of one object checked for doubles when its text is kept. */
#define MAX_KEYS         16

typedef struct
{
  char       *p;          /* the next character, in the copy */
  char       *copy;       /* the page, NUL-terminated; strings are unescaped in place */
  char       *end;        /* its terminating NUL */
  const char *original;   /* the page as it came, at the same offsets */
  guint       depth;
  gboolean    unusual;    /* the record at hand is for json-glib to read */
} Reader;

typedef struct
{
  const char *start;
  gsize       length;
  gboolean    whole;      /* no fraction, no exponent */
  gboolean    negative;
  guint       digits;     /* of the integer part */
  gint64      magnitude;  /* of a whole number of at most MAX_WHOLE_DIGITS digits */
} Number;

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static inline void
skip_space (Reader *r)
{
  while (is_space (*r->p))
    r->p++;
}

/* Skips white space; text written back by json-glib would have none. */
static inline void
skip_space_noting (Reader   *r,
                   gboolean *canonical)
{
  const char *before = r->p;

  skip_space (r);
  if (canonical != NULL && r->p != before)
    *canonical = FALSE;
}

/* The four hex digits of a \u escape at @p. */
static gboolean
read_hex4 (const char *p,
           gunichar   *out)
{
  gunichar value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  *out = value;
  return TRUE;
}

/* What json-glib does not read as the character it names. */
static inline gboolean
unusual_char (gunichar c)
{
  return c == 0 || (c >= 0xd800 && c <= 0xdfff);
}

/* At an opening quote: moves past the closing one, leaving the string as
 * it is. *@plain (may be NULL) tells whether json-glib would write it back
 * byte for byte: no escapes, no DEL. */
static gboolean
scan_string (Reader   *r,
             gboolean *plain)
{
  const char *p = r->p + 1;
  gboolean is_plain = TRUE;

  for (;;)
    {
      guchar c = (guchar) *p;

      if (c == '"')
        break;
      /* A control character, or the end of the page. */
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          gunichar u;

          is_plain = FALSE;
          switch (p[1])
            {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
              p += 2;
              break;
            case 'u':
              if (!read_hex4 (p + 2, &u))
                return FALSE;
              if (unusual_char (u))
                r->unusual = TRUE;
              p += 6;
              break;
            default:
              return FALSE;
            }
          continue;
        }
      if (c == 0x7f)
        is_plain = FALSE;
      p++;
    }

  r->p = (char *) p + 1;
  if (plain != NULL)
    *plain = is_plain;
  return TRUE;
}

/* At an opening quote: unescapes the string in place, ends it with a NUL
 * there, and moves past it. */
static gboolean
parse_string (Reader      *r,
              const char **out)
{
  char *p = r->p + 1;
  char *start = p;
  char *w;

  /* Most strings have no escape: nothing to move. */
  while ((guchar) *p >= 0x20 && *p != '"' && *p != '\\')
    p++;
  w = p;

  for (;;)
    {
      guchar c = (guchar) *p;
      gunichar u;

      if (c == '"')
        break;
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        {
          *w++ = *p++;
          continue;
        }
      switch (p[1])
        {
        case '"':
          *w++ = '"';
          break;
        case '\\':
          *w++ = '\\';
          break;
        case '/':
          *w++ = '/';
          break;
        case 'b':
          *w++ = '\b';
          break;
        case 'f':
          *w++ = '\f';
          break;
        case 'n':
          *w++ = '\n';
          break;
        case 'r':
          *w++ = '\r';
          break;
        case 't':
          *w++ = '\t';
          break;
        case 'u':
          if (!read_hex4 (p + 2, &u))
            return FALSE;
          if (unusual_char (u))
            r->unusual = TRUE;
          else
            /* At most 3 bytes for the 6 of the escape. */
            w += g_unichar_to_utf8 (u, w);
          p += 4;
          break;
        default:
          return FALSE;
        }
      p += 2;
    }

  *w = '\0';
  *out = start;
  r->p = p + 1;
  return TRUE;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
scan_number (Reader *r,
             Number *n)
{
  const char *p = r->p;

  memset (n, 0, sizeof *n);
  n->start = p;
  n->whole = TRUE;

  if (*p == '-')
    {
      n->negative = TRUE;
      p++;
    }
  if (*p == '0')
    {
      n->digits = 1;
      p++;
    }
  else if (*p >= '1' && *p <= '9')
    {
      for (; is_digit (*p); p++)
        {
          if (n->digits < MAX_WHOLE_DIGITS)
            n->magnitude = n->magnitude * 10 + (*p - '0');
          n->digits++;
        }
    }
  else
    return FALSE;

  if (*p == '.')
    {
      n->whole = FALSE;
      p++;
      if (!is_digit (*p))
        return FALSE;
      while (is_digit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      n->whole = FALSE;
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!is_digit (*p))
        return FALSE;
      while (is_digit (*p))
        p++;
    }

  n->length = p - n->start;
  r->p = (char *) p;
  return TRUE;
}

static gboolean
skip_literal (Reader     *r,
              const char *word,
              gsize       length)
{
  if (strncmp (r->p, word, length) != 0)
    return FALSE;
  r->p += length;
  return TRUE;
}

static gboolean skip_value (Reader   *r,
                            gboolean *canonical);

/* At '{' or '[': moves past the matching '}' or ']'. */
static gboolean
skip_container (Reader   *r,
                gboolean *canonical)
{
  char close = *r->p == '{' ? '}' : ']';
  const char *keys[MAX_KEYS];
  gsize key_lengths[MAX_KEYS];
  guint n_keys = 0;

  if (++r->depth > MAX_DEPTH)
    return FALSE;
  r->p++;
  skip_space_noting (r, canonical);

  if (*r->p != close)
    for (;;)
      {
        if (close == '}')
          {
            const char *key = r->p + 1;
            gboolean plain;
            gsize length;

            if (*r->p != '"' || !scan_string (r, &plain))
              return FALSE;
            length = r->p - 1 - key;
            /* json-glib keeps a member once, with its last value. */
            if (canonical != NULL && *canonical)
              {
                if (!plain || n_keys == MAX_KEYS)
                  *canonical = FALSE;
                for (guint i = 0; *canonical && i < n_keys; i++)
                  if (key_lengths[i] == length && memcmp (keys[i], key, length) == 0)
                    *canonical = FALSE;
                if (*canonical)
                  {
                    keys[n_keys] = key;
                    key_lengths[n_keys++] = length;
                  }
              }
            skip_space_noting (r, canonical);
            if (*r->p != ':')
              return FALSE;
            r->p++;
            skip_space_noting (r, canonical);
          }
        if (!skip_value (r, canonical))
          return FALSE;
        skip_space_noting (r, canonical);
        if (*r->p == close)
          break;
        if (*r->p != ',')
          return FALSE;
        r->p++;
        skip_space_noting (r, canonical);
      }

  r->p++;
  r->depth--;
  return TRUE;
}

/* Moves past one value, checking that it is strict JSON. *@canonical (may
 * be NULL) becomes FALSE unless json-glib would write the value back as
 * the very same text. */
static gboolean
skip_value (Reader   *r,
            gboolean *canonical)
{
  Number n;
  gboolean plain;

  switch (*r->p)
    {
    case '"':
      if (!scan_string (r, &plain))
        return FALSE;
      if (canonical != NULL && !plain)
        *canonical = FALSE;
      return TRUE;
    case '{':
    case '[':
      return skip_container (r, canonical);
    case 't':
      return skip_literal (r, "true", 4);
    case 'f':
      return skip_literal (r, "false", 5);
    case 'n':
      return skip_literal (r, "null", 4);
    default:
      if (!scan_number (r, &n))
        return FALSE;
      /* json-glib writes whole numbers with printf's %lld, others its way. */
      if (canonical != NULL
          && (!n.whole || n.digits > MAX_WHOLE_DIGITS || (n.negative && n.magnitude == 0)))
        *canonical = FALSE;
      return TRUE;
    }
}

/* The value of a member the record rules read. */
static gboolean
read_value (Reader         *r,
            PomarSyncValue *value)
{
  const char *start = r->p;
  Number n;

  switch (*r->p)
    {
    case '"':
      value->kind = POMAR_SYNC_VALUE_STRING;
      return parse_string (r, &value->string);

    case '{':
      value->kind = POMAR_SYNC_VALUE_OBJECT;
      value->canonical = TRUE;
      if (!skip_container (r, &value->canonical))
        return FALSE;
      value->text = start;
      value->length = r->p - start;
      return TRUE;

    case '[':
      value->kind = POMAR_SYNC_VALUE_ARRAY;
      return skip_container (r, NULL);

    case 't':
      value->kind = POMAR_SYNC_VALUE_BOOLEAN;
      value->boolean = TRUE;
      return skip_literal (r, "true", 4);

    case 'f':
      value->kind = POMAR_SYNC_VALUE_BOOLEAN;
      value->boolean = FALSE;
      return skip_literal (r, "false", 5);

    case 'n':
      value->kind = POMAR_SYNC_VALUE_NULL;
      return skip_literal (r, "null", 4);

    default:
      if (!scan_number (r, &n))
        return FALSE;
      if (n.whole)
        {
          /* json-glib's own reading wraps beyond 64 bits. */
          if (n.digits > MAX_WHOLE_DIGITS)
            r->unusual = TRUE;
          value->kind = POMAR_SYNC_VALUE_INT;
          value->integer = n.negative ? -n.magnitude : n.magnitude;
        }
      else
        {
          char text[MAX_NUMBER_CHARS + 1];

          /* json-glib reads the digits with g_strtod() and turns the sign
           * over after: the same double. */
          if (n.length > MAX_NUMBER_CHARS)
            {
              r->unusual = TRUE;
              return TRUE;
            }
          memcpy (text, n.start, n.length);
          text[n.length] = '\0';
          value->kind = POMAR_SYNC_VALUE_DOUBLE;
          value->number = g_ascii_strtod (text, NULL);
        }
      return TRUE;
    }
}

/* The element of "data" from @start to where the reader stands, read by
 * json-glib and the record rules as the tree-walking reader does. */
static gboolean
read_with_json_glib (Reader            *r,
                     PomarCollection    collection,
                     const char        *start,
                     PomarProviderPage *page)
{
  g_autofree char *text = g_strndup (r->original + (start - r->copy), r->p - start);
  g_autoptr (JsonNode) node = json_from_string (text, NULL);
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;
  gpointer record;

  if (node == NULL)
    return FALSE;
  record = pomar_sync_record_parse (collection, node, &id, &reason);
  if (record != NULL)
    pomar_provider_page_add (page, record);
  else
    pomar_provider_page_quarantine (page, node, id, reason);
  return TRUE;
}

/* One element of "data". */
static gboolean
read_record (Reader            *r,
             PomarCollection    collection,
             PomarProviderPage *page)
{
  PomarSyncValue slots[POMAR_SYNC_MAX_FIELDS];
  const char *start = r->p;
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;
  guint32 seen = 0;
  gpointer record;

  G_STATIC_ASSERT (POMAR_SYNC_MAX_FIELDS <= 32);

  r->unusual = FALSE;
  if (*r->p != '{')
    {
      /* Not an object: quarantined, as json-glib shows it. */
      return skip_value (r, NULL) && read_with_json_glib (r, collection, start, page);
    }

  memset (slots, 0, sizeof slots);
  r->depth++;
  r->p++;
  skip_space (r);
  if (*r->p != '}')
    for (;;)
      {
        const char *name = r->p + 1;
        gboolean plain;
        int slot = -1;

        if (*r->p != '"' || !scan_string (r, &plain))
          return FALSE;
        if (plain)
          slot = pomar_sync_record_field_slot (collection, name, r->p - 1 - name);
        else
          /* An escaped name may be one the rules read. */
          r->unusual = TRUE;
        if (slot >= 0 && (seen & (1u << slot)) != 0)
          {
            r->unusual = TRUE;
            slot = -1;
          }
        skip_space (r);
        if (*r->p != ':')
          return FALSE;
        r->p++;
        skip_space (r);

        if (slot >= 0)
          {
            seen |= 1u << slot;
            if (!read_value (r, &slots[slot]))
              return FALSE;
          }
        else if (!skip_value (r, NULL))
          return FALSE;

        skip_space (r);
        if (*r->p == '}')
          break;
        if (*r->p != ',')
          return FALSE;
        r->p++;
        skip_space (r);
      }
  r->p++;
  r->depth--;

  if (r->unusual)
    return read_with_json_glib (r, collection, start, page);

  record = pomar_sync_record_parse_slots (collection, slots, &id, &reason);
  if (record != NULL)
    pomar_provider_page_add (page, record);
  else
    {
      /* Kept raw as json-glib writes it, as the tree-walking reader keeps it. */
      g_autofree char *text = g_strndup (r->original + (start - r->copy), r->p - start);
      g_autoptr (JsonNode) node = json_from_string (text, NULL);

      if (node == NULL)
        return FALSE;
      pomar_provider_page_quarantine (page, node, id, reason);
    }
  return TRUE;
}

/* "data": [ record, ... ] */
static gboolean
read_data (Reader            *r,
           PomarCollection    collection,
           PomarProviderPage *page)
{
  if (*r->p != '[')
    return FALSE;
  r->depth++;
  r->p++;
  skip_space (r);
  if (*r->p != ']')
    for (;;)
      {
        if (!read_record (r, collection, page))
          return FALSE;
        skip_space (r);
        if (*r->p == ']')
          break;
        if (*r->p != ',')
          return FALSE;
        r->p++;
        skip_space (r);
      }
  r->p++;
  r->depth--;
  return TRUE;
}

/* "next_cursor" or "sync_token": text or null. */
static gboolean
read_text (Reader  *r,
           char   **out)
{
  const char *text;

  if (*r->p == 'n')
    return skip_literal (r, "null", 4);
  r->unusual = FALSE;
  if (*r->p != '"' || !parse_string (r, &text) || r->unusual)
    return FALSE;
  *out = g_strdup (text);
  return TRUE;
}

static gboolean
read_page (Reader            *r,
           PomarCollection    collection,
           PomarProviderPage *page)
{
  gboolean has_data = FALSE;
  gboolean has_cursor = FALSE;
  gboolean has_token = FALSE;

  skip_space (r);
  if (*r->p != '{')
    return FALSE;
  r->depth++;
  r->p++;
  skip_space (r);
  if (*r->p != '}')
    for (;;)
      {
        const char *name = r->p + 1;
        gboolean plain;
        gsize length;

        if (*r->p != '"' || !scan_string (r, &plain) || !plain)
          return FALSE;
        length = r->p - 1 - name;
        skip_space (r);
        if (*r->p != ':')
          return FALSE;
        r->p++;
        skip_space (r);

#define IS(literal) (length == strlen (literal) && memcmp (name, literal, length) == 0)
        if (IS ("data"))
          {
            if (has_data || !read_data (r, collection, page))
              return FALSE;
            has_data = TRUE;
          }
        else if (IS ("next_cursor"))
          {
            if (has_cursor || !read_text (r, &page->next_cursor))
              return FALSE;
            has_cursor = TRUE;
          }
        else if (IS ("sync_token"))
          {
            if (has_token || !read_text (r, &page->sync_token))
              return FALSE;
            has_token = TRUE;
          }
        else if (!skip_value (r, NULL))
          return FALSE;
#undef IS

        skip_space (r);
        if (*r->p == '}')
          break;
        if (*r->p != ',')
          return FALSE;
        r->p++;
        skip_space (r);
      }
  r->p++;
  skip_space (r);

  /* Nothing after the page; and what json-glib would refuse, it refuses. */
  return r->p == r->end && has_data && (page->next_cursor != NULL || page->sync_token != NULL);
}

gboolean
pomar_sync_page_read (PomarCollection    collection,
                      const char        *data,
                      gsize              size,
                      PomarProviderPage *page)
{
  Reader r = { 0 };
  gboolean ok;

  g_return_val_if_fail (collection < POMAR_N_COLLECTIONS, FALSE);
  g_return_val_if_fail (page != NULL && page->records != NULL, FALSE);

  /* json-glib refuses what is not UTF-8; the reader needs no NUL in it. */
  if (data == NULL || size == 0 || size == G_MAXSIZE || !g_utf8_validate (data, (gssize) size, NULL))
    return FALSE;

  r.copy = g_malloc (size + 1);
  memcpy (r.copy, data, size);
  r.copy[size] = '\0';
  r.end = r.copy + size;
  r.p = r.copy;
  r.original = data;

  ok = read_page (&r, collection, page);
  g_free (r.copy);

  if (!ok)
    {
      pomar_provider_page_clear (page);
      pomar_provider_page_init (page, collection);
    }
  return ok;
}
