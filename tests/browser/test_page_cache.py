"""Pages kept per session (the page cache, on with Redis as in CI): on a phone, an officer who
reloads the signal list or comes back to it with the Back button sees a signal logged meanwhile."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_signal_logged_meanwhile_shows_on_reload_and_after_back(phone_page, sign_in, safeguarding_officer,
                                                                   worker, log_signal):
    first = log_signal(worker)
    page = phone_page
    sign_in(page, safeguarding_officer)
    page.goto(reverse("signals:index"))
    page.reload()  # kept now for this session
    first_link = page.locator(f"a[href='{reverse('signals:detail', args=[first.pk])}']")
    expect(first_link.first).to_be_visible()

    second = log_signal(worker, severity="laag")
    page.reload()
    second_link = page.locator(f"a[href='{reverse('signals:detail', args=[second.pk])}']")
    expect(second_link.first).to_be_visible()

    second_link.first.tap()
    expect(page).to_have_url(f"{page.url.split('/signalen/')[0]}{reverse('signals:detail', args=[second.pk])}")
    third = log_signal(worker, severity="laag")
    page.go_back()
    expect(page.locator(f"a[href='{reverse('signals:detail', args=[third.pk])}']").first).to_be_visible()
