/* pomar-demo-data.h: the words and sentences the demo book is made of.
 *
 * Kept apart from the generator so that pomar-demo.c reads as the model of a
 * book of business (shapes, stages, mixes) and this file as its vocabulary.
 * None of this is interface text: it is data, like what a real server would
 * send, so none of it is translated. Lists come in pairs, Portuguese for
 * Brazilian accounts and English for the others.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char * const *items;
  guint               n;
} PomarDemoWords;

/* Brazilian company names */
extern const PomarDemoWords pomar_demo_br_trades;     /* "Padaria", "Construtora", ... */
extern const PomarDemoWords pomar_demo_br_fancy;      /* "Estrela", "Horizonte", ... */
extern const PomarDemoWords pomar_demo_br_products;   /* "Tintas", "Alimentos", ... */
extern const PomarDemoWords pomar_demo_br_legal;      /* "Ltda", "S.A.", ... */
extern const PomarDemoWords pomar_demo_br_cities;

/* International company names */
extern const PomarDemoWords pomar_demo_en_adjectives; /* "Blue", "North", ... */
extern const PomarDemoWords pomar_demo_en_nouns;      /* "Harbor", "Wind", ... */
extern const PomarDemoWords pomar_demo_en_industries; /* "Analytics", "Logistics", ... */
extern const PomarDemoWords pomar_demo_en_legal;      /* "Inc.", "LLC", ... */
extern const PomarDemoWords pomar_demo_en_cities;

/* People. Portuguese first names come in two lists so that titles agree. */
extern const PomarDemoWords pomar_demo_br_first_female;
extern const PomarDemoWords pomar_demo_br_first_male;
extern const PomarDemoWords pomar_demo_br_surnames;
extern const PomarDemoWords pomar_demo_en_first_names;
extern const PomarDemoWords pomar_demo_en_surnames;

/* Contact titles per role; Portuguese ones are "masculine|feminine". */
extern const PomarDemoWords pomar_demo_br_titles[4];
extern const PomarDemoWords pomar_demo_en_titles[4];

typedef struct
{
  const char *subject;
  const char *type;   /* question | incident | problem | task */
} PomarDemoSubject;

extern const PomarDemoSubject pomar_demo_br_subjects[];
extern const guint            pomar_demo_n_br_subjects;
extern const PomarDemoSubject pomar_demo_en_subjects[];
extern const guint            pomar_demo_n_en_subjects;

/* Survey comments: [0] promoter, [1] passive, [2] detractor (NPS);
 * [3] satisfied, [4] unsatisfied (CSAT). */
extern const PomarDemoWords pomar_demo_br_comments[5];
extern const PomarDemoWords pomar_demo_en_comments[5];

/* Activity bodies per kind: [0] note, [1] meeting, [2] email, [3] call. "{c}"
 * stands for the champion's first name. The first meeting is the kick-off. */
extern const PomarDemoWords pomar_demo_br_bodies[4];
extern const PomarDemoWords pomar_demo_en_bodies[4];

extern const PomarDemoWords pomar_demo_br_skip_reasons;
extern const PomarDemoWords pomar_demo_en_skip_reasons;

G_END_DECLS
