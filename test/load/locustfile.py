"""The reference deployment's acceptance test, replayed with Locust.

1,000 users at 100 requests/s (each user paced to one task per 10 s), spread
over the 50 seeded tenants, 4 agents to 1 supervisor. Each user gets its token
from the server's dev issuer (POST /dev/token), signs in (GET /v1/me), finds its
tenant's active campaign and a page of contacts, then does the day's common
work with think time. The same mix as test/load/scenario.ts (bench:replay).

Start a seeded server (it prints its URL, the fixture file and the Locust
command line, and serves until the time is up):

    REPLAY_SERVE_SECONDS=900 npm run bench:replay

then, from another shell (Locust from Debian: apt-get install python3-locust):

    LOCUST_FIXTURE=<fixture.json> /usr/bin/python3 -m locust -f test/load/locustfile.py \\
        --headless --users 1000 --spawn-rate 50 --run-time 80s --host http://127.0.0.1:<port>

LOCUST_FIXTURE (the seeded campaign and contact ids per tenant) spares each
user two discovery requests at start; without it they ask the API.

The run exits non-zero when any request failed or the overall p99 is above
500 ms. Send traffic only to 127.0.0.1.
"""

import itertools
import json
import os
import random
from datetime import datetime, timedelta, timezone

from locust import HttpUser, constant_throughput, events, task

TENANTS = 50
DISPOSITIONS = ["sale", "no_answer", "busy", "voicemail", "callback", "not_interested"]
_serial = itertools.count(1)
_fixture = None
if os.environ.get("LOCUST_FIXTURE"):
    with open(os.environ["LOCUST_FIXTURE"], encoding="utf-8") as f:
        _fixture = {t["tenant"]: t for t in json.load(f)}


def _iso(moment):
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class SwitchboardUser(HttpUser):
    abstract = True
    role = "agent"
    # 1,000 users x 0.1 task/s = 100 requests/s.
    wait_time = constant_throughput(0.1)

    def on_start(self):
        n = next(_serial)
        self.tenant = "tenant-%02d" % (n % TENANTS + 1)
        sub = "load|%s|%s-locust-%d" % (self.tenant, self.role, n)
        res = self.client.post(
            "/dev/token",
            json={"tenant": self.tenant, "role": self.role, "sub": sub, "name": "Locust %d" % n},
            name="setup: POST /dev/token",
        )
        res.raise_for_status()
        self.client.headers["Authorization"] = "Bearer " + res.json()["accessToken"]
        self.client.get("/v1/me", name="GET /v1/me")
        self.held = None
        if _fixture:
            self.campaign_id = _fixture[self.tenant]["campaignId"]
            self.contact_ids = _fixture[self.tenant]["contactIds"]
            return
        campaigns = self.client.get("/v1/campaigns?status=active&limit=1", name="setup: GET /v1/campaigns").json()
        self.campaign_id = campaigns["items"][0]["id"]
        contacts = self.client.get("/v1/contacts?limit=200", name="setup: GET /v1/contacts?limit=200").json()
        self.contact_ids = [c["id"] for c in contacts["items"]]

    def _contact(self):
        return random.choice(self.contact_ids)

    def list_contacts(self):
        status = "&status=new" if random.random() < 0.3 else ""
        self.client.get("/v1/contacts?limit=25" + status, name="GET /v1/contacts")

    def get_contact(self):
        self.client.get("/v1/contacts/" + self._contact(), name="GET /v1/contacts/:id")

    def update_contact(self):
        body = {"status": "contacted", "fields": {"source": "seed", "score": random.randint(0, 99), "vip": False, "lastTouch": "locust"}}
        self.client.patch("/v1/contacts/" + self._contact(), json=body, name="PATCH /v1/contacts/:id")

    def campaign_report(self):
        self.client.get("/v1/reports/campaigns/" + self.campaign_id, name="GET /v1/reports/campaigns/:id")

    def me(self):
        self.client.get("/v1/me", name="GET /v1/me")

    def dial(self):
        """Pull the next contact, or log the call to the one already held."""
        if self.held is None:
            with self.client.post(
                "/v1/campaigns/%s/next-contact" % self.campaign_id, name="POST /v1/campaigns/:id/next-contact", catch_response=True
            ) as res:
                if res.status_code == 200:
                    self.held = res.json()["contact"]["id"]
                    res.success()
                elif res.status_code == 204:
                    res.success()
                else:
                    res.failure("HTTP %d" % res.status_code)
            return
        ended = datetime.now(timezone.utc) - timedelta(seconds=1)
        started = ended - timedelta(seconds=random.randint(30, 270))
        body = {
            "contactId": self.held,
            "campaignId": self.campaign_id,
            "direction": "outbound",
            "startedAt": _iso(started),
            "endedAt": _iso(ended),
            "disposition": random.choice(DISPOSITIONS),
            "notes": "load test call",
        }
        if random.random() < 0.6:
            body["answeredAt"] = _iso(started + timedelta(seconds=9))
        self.held = None
        self.client.post("/v1/calls", json=body, name="POST /v1/calls")


class AgentUser(SwitchboardUser):
    weight = 4
    role = "agent"
    tasks = {
        SwitchboardUser.list_contacts: 10,
        SwitchboardUser.get_contact: 20,
        SwitchboardUser.dial: 40,
        SwitchboardUser.update_contact: 10,
        SwitchboardUser.campaign_report: 5,
        SwitchboardUser.me: 15,
    }


class SupervisorUser(SwitchboardUser):
    weight = 1
    role = "supervisor"
    tasks = {
        SwitchboardUser.list_contacts: 25,
        SwitchboardUser.get_contact: 20,
        SwitchboardUser.update_contact: 5,
        SwitchboardUser.campaign_report: 35,
        SwitchboardUser.me: 15,
    }


@events.quitting.add_listener
def _verdict(environment, **_kwargs):
    total = environment.stats.total
    p99 = total.get_response_time_percentile(0.99) or 0
    failed = total.num_failures > 0
    print("Acceptance (p99 <= 500 ms, 0 errors): %s (requests %d, failures %d, p99 %d ms)"
          % ("FAIL" if failed or p99 > 500 else "PASS", total.num_requests, total.num_failures, p99))
    if failed or p99 > 500:
        environment.process_exit_code = 1
