/* pomar-playbook-strings.c: the texts of the built-in playbooks, for xgettext.
 *
 * Written by po/update-playbook-strings.py from resources/playbooks/: do not
 * edit, run the script. xgettext cannot read JSON, so this file hands it
 * every name, title and description of the built-in templates, in the order
 * of resources/pomar-core.gresource.xml; pomar-playbook.c translates them
 * when it loads the templates. It is listed in po/POTFILES.in and is not
 * compiled; the test "playbook-strings" fails when it is out of date.
 */
#include <glib/gi18n-lib.h>

static const char * const playbook_strings[] = {
  /* Translators: the name of a built-in playbook, onboarding.json (onboarding) */
  N_("Onboarding"),
  /* Translators: what the playbook “Onboarding” is for */
  N_("From the signed contract to the first value, one goal at a time."),
  /* Translators: a task of the playbook “Onboarding” */
  N_("Welcome the new customer"),
  /* Translators: what the task “Welcome the new customer” asks for */
  N_("Introduce yourself, say how you will work together and when you will talk next."),
  /* Translators: a task of the playbook “Onboarding” */
  N_("Learn why they bought the product"),
  /* Translators: what the task “Learn why they bought the product” asks for */
  N_("Find out who the customer is and which job they hired the product to do."),
  /* Translators: a task of the playbook “Onboarding” */
  N_("Show the features that serve their goal"),
  /* Translators: what the task “Show the features that serve their goal” asks for */
  N_("Point them to the few features that matter for that job, in the app or with a short video."),
  /* Translators: a task of the playbook “Onboarding” */
  N_("Mark the first milestone"),
  /* Translators: what the task “Mark the first milestone” asks for */
  N_("When they reach their first result, get in touch to say so and to talk about what comes next."),
  /* Translators: a task of the playbook “Onboarding” */
  N_("Settle on one goal for the first month"),
  /* Translators: what the task “Settle on one goal for the first month” asks for */
  N_("A single goal you both agreed on does more in the first month than every feature at once."),
  /* Translators: a task of the playbook “Onboarding” */
  N_("Ask how onboarding went"),
  /* Translators: what the task “Ask how onboarding went” asks for */
  N_("Send the satisfaction survey while the first weeks are fresh in their mind."),
  /* Translators: the name of a built-in playbook, engagement.json (engagement) */
  N_("Initial engagement"),
  /* Translators: what the playbook “Initial engagement” is for */
  N_("Check that the customer gets what the sale promised, and knows where to find help."),
  /* Translators: a task of the playbook “Initial engagement” */
  N_("Compare the value delivered with the promise"),
  /* Translators: what the task “Compare the value delivered with the promise” asks for */
  N_("Go over what the customer has achieved so far against what they were told at the sale."),
  /* Translators: a task of the playbook “Initial engagement” */
  N_("Agree how success will be measured"),
  /* Translators: what the task “Agree how success will be measured” asks for */
  N_("Choose with the customer the few numbers that will show the product is working for them."),
  /* Translators: a task of the playbook “Initial engagement” */
  N_("Share the help center, tutorials and webinars"),
  /* Translators: what the task “Share the help center, tutorials and webinars” asks for */
  N_("Show them where to find answers on their own, and which webinars are coming up."),
  /* Translators: the name of a built-in playbook, risk-recovery.json (risk-recovery) */
  N_("Risk recovery"),
  /* Translators: what the playbook “Risk recovery” is for */
  N_("Health has turned red: find out why, and agree on a way back with the customer."),
  /* Translators: a task of the playbook “Risk recovery” */
  N_("Call the champion"),
  /* Translators: what the task “Call the champion” asks for */
  N_("Hear from your main contact what has changed and what worries them."),
  /* Translators: a task of the playbook “Risk recovery” */
  N_("Go through the open tickets with support"),
  /* Translators: what the task “Go through the open tickets with support” asks for */
  N_("Find out with the support team which problems are still open and what holds them up."),
  /* Translators: a task of the playbook “Risk recovery” */
  N_("Write a recovery plan with the customer"),
  /* Translators: what the task “Write a recovery plan with the customer” asks for */
  N_("Steps, owners and dates that both sides have agreed to."),
  /* Translators: a task of the playbook “Risk recovery” */
  N_("Involve the executive sponsor"),
  /* Translators: what the task “Involve the executive sponsor” asks for */
  N_("Brief the sponsor so that the plan has support where the decisions are made."),
  /* Translators: the name of a built-in playbook, detractor-follow-up.json (detractor-follow-up) */
  N_("Detractor follow-up"),
  /* Translators: what the playbook “Detractor follow-up” is for */
  N_("A customer gave a low score: answer them yourself and show them it led to a change."),
  /* Translators: a task of the playbook “Detractor follow-up” */
  N_("Answer the comment in person"),
  /* Translators: what the task “Answer the comment in person” asks for */
  N_("Write or call yourself, thank them for being frank and ask for the details."),
  /* Translators: a task of the playbook “Detractor follow-up” */
  N_("Find out what went wrong"),
  /* Translators: what the task “Find out what went wrong” asks for */
  N_("Trace the score back to its cause: a bug, a gap in the product or in the service."),
  /* Translators: a task of the playbook “Detractor follow-up” */
  N_("Tell them what changed"),
  /* Translators: what the task “Tell them what changed” asks for */
  N_("Let the customer know what was done about their feedback."),
  /* Translators: the name of a built-in playbook, technical-escalation.json (technical-escalation) */
  N_("Technical escalation"),
  /* Translators: what the playbook “Technical escalation” is for */
  N_("An urgent ticket has been open for two days: get an engineer on it and keep the customer informed."),
  /* Translators: a task of the playbook “Technical escalation” */
  N_("Find an engineer to own the fix"),
  /* Translators: what the task “Find an engineer to own the fix” asks for */
  N_("Hand the ticket to a named person in engineering who answers for it."),
  /* Translators: a task of the playbook “Technical escalation” */
  N_("Give the customer an update"),
  /* Translators: what the task “Give the customer an update” asks for */
  N_("Say who is working on the problem and when they will hear from you again."),
  /* Translators: a task of the playbook “Technical escalation” */
  N_("Check the fix with the customer"),
  /* Translators: what the task “Check the fix with the customer” asks for */
  N_("Make sure the problem is gone for them, not only closed in the tracker."),
  /* Translators: a task of the playbook “Technical escalation” */
  N_("Have the product team track the underlying problem"),
  /* Translators: what the task “Have the product team track the underlying problem” asks for */
  N_("So that it does not come back, the cause needs an owner on the product team."),
  /* Translators: the name of a built-in playbook, renewal.json (renewal) */
  N_("Renewal"),
  /* Translators: what the playbook “Renewal” is for */
  N_("The contract renews within 90 days: show the value and prepare the offer in good time."),
  /* Translators: a task of the playbook “Renewal” */
  N_("Review the account’s health before the renewal"),
  /* Translators: what the task “Review the account’s health before the renewal” asks for */
  N_("Look at usage, tickets and survey answers to see where the renewal stands."),
  /* Translators: a task of the playbook “Renewal” */
  N_("Send the decision maker a summary of the value"),
  /* Translators: what the task “Send the decision maker a summary of the value” asks for */
  N_("One page on what the customer gained this year, for the person who signs."),
  /* Translators: a task of the playbook “Renewal” */
  N_("Present the renewal proposal"),
  /* Translators: what the task “Present the renewal proposal” asks for */
  N_("Share the terms for the next period, with time left to discuss them before the date."),
  /* Translators: a task of the playbook “Renewal” */
  N_("Ask a promoter for a referral"),
  /* Translators: what the task “Ask a promoter for a referral” asks for */
  N_("If the customer is happy, ask for an introduction to a peer or for a case study."),
};
