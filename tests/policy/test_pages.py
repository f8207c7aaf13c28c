"""The access matrix of every policy page, and what the pages say."""

from datetime import timedelta

import pytest
from django.utils import timezone

from policy.models import ProfileRule, SectionKey
from policy.services import profiles
from tests.access import Page, expect, matrix_tests
from tests.policy.conftest import edit, publish

MEMBERS = expect(200, trainer=403)
MEMBERS_RECORD = expect(200, trainer=403, outsider=404, outsider_admin=404)
ADMINS = expect(403, admin_member=200, outsider_admin=200)
ADMINS_RECORD = expect(403, admin_member=200, outsider_admin=404)
OVERSEERS = expect(403, manager=200, admin_member=200, outsider_admin=200)
OWNER = expect(404, worker=200, trainer=403)

PROFILE = {"platform": "tiktok", "handle": "jw.test.tw", "bio": "Jongerenwerker", "is_closed": "ja",
           "uses_logo": "ja", "link": ""}
RULE = {"platform": "facebook", "handle_pattern": "jw.{voornaam}", "bio_template": "Jongerenwerker bij {organisatie}",
        "emergency_link": "", "must_be_closed": "ja", "must_use_logo": "nee", "recheck_months": 6}

PAGES = [
    Page("handbook", "policy:index", MEMBERS),
    Page("versions", "policy:versions", MEMBERS),
    Page("a version", ("policy:version", lambda o: [o["first"].pk]), MEMBERS_RECORD),
    Page("a diff", ("policy:diff", lambda o: [o["second"].pk]), MEMBERS_RECORD),
    Page("acknowledge", ("policy:acknowledge", lambda o: [o["second"].pk]),
         {**MEMBERS_RECORD, **{p: 302 for p in ("worker", "other_team_worker", "safeguarding_officer", "manager",
                                                 "admin_member")}}, method="post"),
    Page("acknowledgement overview", "policy:acknowledgements", OVERSEERS),
    Page("draft", "policy:draft", ADMINS),
    Page("edit a section", ("policy:section_edit", lambda o: [o["section"].pk]), ADMINS_RECORD),
    Page("save a section", ("policy:section_edit", lambda o: [o["section"].pk]),
         {**ADMINS_RECORD, "admin_member": 302}, method="post",
         data=lambda o: {"revision": o["section"].revision, "title": "Bereikbaarheid", "body": "Nieuwe tekst."}),
    Page("publish", "policy:publish", ADMINS),
    # The outside admin sends our draft's revision for their own draft: told it changed (409).
    Page("publish (send)", "policy:publish", {**ADMINS, "admin_member": 302, "outsider_admin": 409}, method="post",
         data=lambda o: {"revision": o["draft"].revision, "summary": "Nieuwe regel.", "is_material": "ja",
                         "acknowledge_within_days": 14}),
    Page("review", "policy:review", expect(403, manager=200)),
    # Nothing waits for approval here: the manager is told so (422); four eyes is tested below.
    Page("review (decide)", "policy:review", expect(403, manager=422), method="post",
         data={"revision": 1, "decision": "goedkeuren", "comment": ""}),
    Page("settings", "policy:settings", ADMINS),
    Page("settings (save)", "policy:settings", expect(403, admin_member=302, outsider_admin=302), method="post",
         data={"acknowledge_within_days": 21, "handle_name": "jwtest"}),
    Page("my profiles", "policy:profiles", MEMBERS),
    Page("register a profile", "policy:profile_create", MEMBERS),
    Page("register a profile (save)", "policy:profile_create", expect(302, trainer=403), method="post", data=PROFILE),
    Page("a profile", ("policy:profile_edit", lambda o: [o["profile"].pk]), OWNER),
    Page("a profile (save)", ("policy:profile_edit", lambda o: [o["profile"].pk]), {**OWNER, "worker": 302},
         method="post", data={**PROFILE, "handle": "jw.werker.tw"}),
    Page("confirm a profile", ("policy:profile_confirm", lambda o: [o["profile"].pk]), {**OWNER, "worker": 302},
         method="post", data=lambda o: {"seen": o["profile"].confirmed_at.isoformat()}),
    Page("remove a profile", ("policy:profile_delete", lambda o: [o["profile"].pk]), {**OWNER, "worker": 302},
         method="post"),
    Page("rules", "policy:rules", ADMINS),
    Page("new rules", "policy:rule_create", ADMINS),
    Page("new rules (save)", "policy:rule_create", expect(403, admin_member=302, outsider_admin=302), method="post",
         data=RULE),
    Page("a rule", ("policy:rule_edit", lambda o: [o["rule"].pk]), ADMINS_RECORD),
    Page("a rule (save)", ("policy:rule_edit", lambda o: [o["rule"].pk]), {**ADMINS_RECORD, "admin_member": 302},
         method="post", data={**RULE, "recheck_months": 3}),
    Page("conformity", "policy:conformity", OVERSEERS),
]


@pytest.fixture
def objects(personas, draft, admin_member, worker, organisation):
    first = publish(draft, admin_member, summary="Eerste versie.", now=timezone.now() - timedelta(days=30))
    edit(draft, admin_member, append="\n\nNa 22.00 uur reageer je niet meer.")
    second = publish(draft, admin_member, summary="Bereikbaarheid aangescherpt.")
    edit(draft, admin_member, key=SectionKey.PRIVACY, append="\n\nGeen screenshots bewaren.")
    draft.refresh_from_db()
    profile, _ = profiles.profile_create(user=worker, membership=worker.membership, platform="instagram",
                                        handle="jw.werker", bio="Hoi", is_closed=False, uses_logo=False, link="")
    rule = ProfileRule.objects.create(organisation=organisation, platform="instagram", handle_pattern="jw.{voornaam}")
    return {"first": first, "second": second, "draft": draft, "profile": profile, "rule": rule,
            "section": draft.sections.get(key=SectionKey.AVAILABILITY)}


test_policy_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(PAGES)
