#!/usr/bin/env python3
"""seed.py URL KEY PREFIX: fills a real Redmine 5.0 (start.sh) with a small
book for the Redmine connector's tests, through its REST API only, and prints
on stdout, as JSON, what the server then holds: the truth a test compares
Pomar's cache against.

What it makes (all names and subjects Brazilian Portuguese, with accents):
  - 3 projects, identifiers PREFIX-a, PREFIX-b, PREFIX-c; a and b with a
    homepage (two shapes, for domain extraction), c without one;
  - 137 issues spread over them (60 / 45 / 32) over every tracker, every
    priority and every status of the default data; some closed (Closed,
    Rejected: closed_on set), some moved to In Progress / Feedback /
    Resolved; then one issue is deleted (a hard delete in Redmine).

The database is shared by every run on a machine: give each run its own
PREFIX (start.sh writes one to DIR/prefix) and look only at the projects
whose identifier starts with PREFIX-. Seeders take turns (an flock on
$TMPDIR/pomar-redmine-seed.lock): two writing at once into Redmine's SQLite
database fail with "database is locked" (HTTP 500), busy timeout or not.
Stdlib only (urllib, json).

Output (stdout, one JSON object):
  {"url", "prefix", "projects": [{"id", "identifier", "name", "homepage",
   "status", "created_on", "updated_on"}],
   "issues": [{"id", "project_id", "project_identifier", "subject",
   "tracker", "tracker_id", "status", "status_id", "is_closed", "priority",
   "priority_id", "created_on", "updated_on", "closed_on"}],   (by id)
   "deleted_issue_id", "counts": {...}, "seconds"}
Exit status: 0 done, 1 failed (a message on stderr), 2 bad usage.
"""
import fcntl
import json
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request

# Project: suffix, name, homepage (None: no homepage), how many issues.
PROJECTS = [
    ("a", "Acme Indústria e Comércio", "https://www.acme-{p}.com.br/", 60),
    ("b", "Café São João Distribuição", "http://cafe-{p}.com.br", 45),
    ("c", "Padaria Três Irmãos", None, 32),
]

SUBJECTS = [
    "Relatório de faturação não abre",
    "Integração com o ERP falhou",
    "Exportação lenta às segundas",
    "Nota fiscal eletrônica rejeitada pela SEFAZ",
    "Usuário não consegue redefinir a senha",
    "Gráfico de vendas mostra valores em dólar",
    "Importação de planilha ignora acentuação",
    "Sincronização do catálogo duplicou produtos",
    "Pedido de integração com o Pix",
    "Melhorar a busca por razão social",
    "Dúvida sobre o cálculo do ICMS",
    "Treinamento da equipe de expedição",
    "Boleto gerado com vencimento errado",
    "Permissões do perfil gerente não funcionam",
    "Relatório de comissões com arredondamento",
    "Aplicativo fecha ao anexar foto",
    "Solicitação de acesso para nova filial",
    "Lentidão na tela de orçamentos",
    "Configuração do certificado digital A1",
    "Migração dos dados do sistema antigo",
    "E-mail de confirmação não chega",
    "Atualização de preços em lote",
    "Erro 500 ao salvar cadastro de cliente",
    "Inclusão do campo inscrição estadual",
    "Conciliação bancária não fecha o mês",
    "Painel de indicadores em português",
    "Devolução parcial não atualiza estoque",
    "Pergunta sobre a renovação do contrato",
    "Integração com transportadora intermitente",
    "Horário de verão altera agendamentos",
]

DESCRIPTIONS = [
    "Acontece desde a última atualização; o cliente já reiniciou a máquina.",
    "Passos: abrir o módulo, escolher o período e clicar em “Gerar”.",
    "Prioridade combinada na reunião de acompanhamento de terça-feira.",
    "",
]

# Status changes after creation, by issue index (0-based, per project):
# i % 9 == 2 -> Closed, i % 9 == 5 -> Rejected (both closed),
# i % 9 == 4 -> In Progress, i % 9 == 7 -> Feedback, i % 9 == 8 -> Resolved.
STATUS_PLAN = {2: "Closed", 5: "Rejected", 4: "In Progress", 7: "Feedback", 8: "Resolved"}
PRIORITY_PLAN = ["Normal", "High", "Low", "Normal", "Urgent", "Normal", "Immediate", "High"]


def fail(msg):
    print("seed: " + msg, file=sys.stderr)
    sys.exit(1)


class Redmine:
    def __init__(self, url, key):
        self.url = url.rstrip("/")
        self.key = key
        self.requests = 0

    def call(self, method, path, body=None, ok=(200, 201, 204)):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("X-Redmine-API-Key", self.key)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json; charset=utf-8")
        self.requests += 1
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        except (urllib.error.URLError, OSError) as e:
            fail("%s %s%s: %s (is Redmine running? start.sh)" % (method, self.url, path, e))
        if status not in ok:
            fail("%s %s answered %d: %s" % (method, path, status,
                                             raw.decode("utf-8", "replace")[:500]))
        if not raw.strip():
            return status, None
        try:
            return status, json.loads(raw)
        except ValueError:
            fail("%s %s answered %d with no JSON: %r" % (method, path, status, raw[:200]))

    def get(self, path):
        return self.call("GET", path)[1]

    def pages(self, path, key):
        """Every object of a paged collection (limit is capped at 100)."""
        out, offset = [], 0
        sep = "&" if "?" in path else "?"
        while True:
            page = self.get("%s%soffset=%d&limit=100" % (path, sep, offset))
            out += page[key]
            offset += len(page[key])
            if not page[key] or offset >= page["total_count"]:
                return out


def by_name(objects, what):
    table = {o["name"]: o for o in objects}
    if not table:
        fail("Redmine has no %s: load the default data (bash tests/sync/redmine/install.sh)" % what)
    return table


def main():
    if len(sys.argv) != 4:
        print("usage: seed.py URL KEY PREFIX", file=sys.stderr)
        sys.exit(2)
    url, key, prefix = sys.argv[1:]
    # A project identifier: lower case letters, digits, - and _, starting with
    # a letter, at most 100 characters; PREFIX also goes into a host name.
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,60}", prefix) or prefix.endswith("-"):
        print("seed: PREFIX must be lower case letters, digits and dashes, "
              "starting with a letter (got %r)" % prefix, file=sys.stderr)
        sys.exit(2)
    # One seeder at a time on this machine (see above); waits for the others.
    lock = os.open(os.path.join(tempfile.gettempdir(), "pomar-redmine-seed.lock"),
                   os.O_RDONLY | os.O_CREAT, 0o666)
    fcntl.flock(lock, fcntl.LOCK_EX)
    started = time.monotonic()
    rm = Redmine(url, key)

    me = rm.get("/users/current.json")["user"]
    if not me.get("admin"):
        fail("the key belongs to %r, who is not an administrator" % me.get("login"))

    trackers = by_name(rm.get("/trackers.json")["trackers"], "trackers")
    statuses = by_name(rm.get("/issue_statuses.json")["issue_statuses"], "issue statuses")
    priorities = by_name(rm.get("/enumerations/issue_priorities.json")["issue_priorities"],
                         "issue priorities")
    for name in set(STATUS_PLAN.values()) | {"New"}:
        if name not in statuses:
            fail("Redmine has no issue status %r (has %s)" % (name, ", ".join(statuses)))
    for name in PRIORITY_PLAN:
        if name not in priorities:
            fail("Redmine has no priority %r (has %s)" % (name, ", ".join(priorities)))
    tracker_names = [t["name"] for t in sorted(trackers.values(), key=lambda t: t["id"])]

    # Projects.
    projects = []
    for suffix, name, homepage, n_issues in PROJECTS:
        identifier = "%s-%s" % (prefix, suffix)
        body = {"project": {
            "name": "%s [%s]" % (name, prefix),
            "identifier": identifier,
            "description": "Cliente de teste do Pomar (%s)." % prefix,
            "is_public": True,
            "tracker_ids": [t["id"] for t in trackers.values()],
            "enabled_module_names": ["issue_tracking"],
        }}
        if homepage:
            body["project"]["homepage"] = homepage.format(p=prefix)
        status, created = rm.call("POST", "/projects.json", body, ok=(201,))
        projects.append((created["project"], n_issues))

    # Issues: created New, then some moved on with a PUT.
    created_ids, serial = [], 0
    for project, n_issues in projects:
        for i in range(n_issues):
            subject = SUBJECTS[serial % len(SUBJECTS)]
            if serial >= len(SUBJECTS):
                subject += " (%dª ocorrência)" % (serial // len(SUBJECTS) + 1)
            body = {"issue": {
                "project_id": project["id"],
                "tracker_id": trackers[tracker_names[serial % len(tracker_names)]]["id"],
                "priority_id": priorities[PRIORITY_PLAN[serial % len(PRIORITY_PLAN)]]["id"],
                "subject": subject,
                "description": DESCRIPTIONS[serial % len(DESCRIPTIONS)],
            }}
            status, created = rm.call("POST", "/issues.json", body, ok=(201,))
            created_ids.append((created["issue"]["id"], i))
            serial += 1

    for issue_id, i in created_ids:
        target = STATUS_PLAN.get(i % 9)
        if target:
            rm.call("PUT", "/issues/%d.json" % issue_id,
                    {"issue": {"status_id": statuses[target]["id"],
                               "notes": "Situação alterada para %s." % target}},
                    ok=(200, 204))

    # One issue deleted: Redmine removes it for good (no tombstone).
    deleted_id = created_ids[6][0]
    rm.call("DELETE", "/issues/%d.json" % deleted_id, ok=(200, 204))
    rm.call("GET", "/issues/%d.json" % deleted_id, ok=(404,))

    # The truth: what the server now says, read back through the API.
    is_closed = {s["id"]: s["is_closed"] for s in statuses.values()}
    out_projects, out_issues = [], []
    for project, _ in projects:
        p = rm.get("/projects/%d.json" % project["id"])["project"]
        out_projects.append({
            "id": p["id"], "identifier": p["identifier"], "name": p["name"],
            "homepage": p.get("homepage") or "", "status": p.get("status"),
            "created_on": p.get("created_on"), "updated_on": p.get("updated_on"),
        })
        for it in rm.pages("/issues.json?project_id=%d&subproject_id=!*&status_id=*&sort=id"
                           % p["id"], "issues"):
            out_issues.append({
                "id": it["id"],
                "project_id": it["project"]["id"],
                "project_identifier": p["identifier"],
                "subject": it["subject"],
                "tracker": it["tracker"]["name"], "tracker_id": it["tracker"]["id"],
                "status": it["status"]["name"], "status_id": it["status"]["id"],
                "is_closed": it["status"].get("is_closed", is_closed[it["status"]["id"]]),
                "priority": it["priority"]["name"], "priority_id": it["priority"]["id"],
                "created_on": it["created_on"], "updated_on": it["updated_on"],
                "closed_on": it.get("closed_on"),
            })
    out_issues.sort(key=lambda x: x["id"])

    # Check that the server holds what was asked for.
    alive = {x["id"] for x in out_issues}
    expected = {i for i, _ in created_ids} - {deleted_id}
    if alive != expected:
        fail("the server holds issues %s, expected %s"
             % (sorted(alive ^ expected), "the ones created minus %d" % deleted_id))
    for x in out_issues:
        if x["is_closed"] != (x["closed_on"] is not None):
            fail("issue %d: is_closed %s but closed_on %r" % (x["id"], x["is_closed"], x["closed_on"]))

    def count(field):
        c = {}
        for x in out_issues:
            c[x[field]] = c.get(x[field], 0) + 1
        return dict(sorted(c.items()))

    json.dump({
        "url": rm.url,
        "prefix": prefix,
        "projects": out_projects,
        "issues": out_issues,
        "deleted_issue_id": deleted_id,
        "counts": {
            "issues": len(out_issues),
            "closed": sum(1 for x in out_issues if x["is_closed"]),
            "by_project": {p["identifier"]: sum(1 for x in out_issues if x["project_id"] == p["id"])
                           for p in out_projects},
            "by_tracker": count("tracker"),
            "by_status": count("status"),
            "by_priority": count("priority"),
        },
        "requests": rm.requests,
        "seconds": round(time.monotonic() - started, 1),
    }, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
