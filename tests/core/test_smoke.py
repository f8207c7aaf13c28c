def test_the_login_page_is_served_in_dutch(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()
