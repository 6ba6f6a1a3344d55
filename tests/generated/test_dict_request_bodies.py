"""A plain dict as a request body, on the wire: Python values become JSON, keys their wire names.

The whole-spec checks (every operation with a JSON body) are in ``tests/mock/test_dict_bodies.py``;
these follow one body through the resource layer to a loopback server.
"""

from __future__ import annotations

import contextlib
import datetime

import pytest

import ampeco
from ampeco import InvalidParameterError
from ampeco_public_api.models import Country, UserUpdateRequest
from tests.support.recorder import Recorder

AWARE = datetime.datetime(2024, 5, 1, 10, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))


def _update(client: ampeco.Client, body: object) -> None:
    # The recorder's canned reply is not a user; what went out is what counts.
    with contextlib.suppress(ampeco.ResponseValidationError):
        client.users.update(7, body=body)  # type: ignore[arg-type]


def test_a_dict_body_goes_out_as_the_model_would_send_it(client: ampeco.Client, recorder: Recorder) -> None:
    country = next(iter(Country))
    body = {
        "first_name": "Ada",
        "requirePasswordReset": True,
        "country": country,
        "last_updated_at": AWARE,
        "user_group_ids": (3, 4),
    }
    _update(client, body)
    sent = recorder.last.json()
    assert sent == {
        "first_name": "Ada",
        "requirePasswordReset": True,
        "country": country.value,
        "lastUpdatedAt": "2024-05-01T10:30:00+02:00",
        "userGroupIds": [3, 4],
    }
    typed = UserUpdateRequest(
        first_name="Ada",
        require_password_reset=True,
        country=country,
        last_updated_at=AWARE,
        user_group_ids=[3, 4],
    )
    _update(client, typed)
    assert recorder.last.json() == sent


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"firstName": "Ada"}, r"body \$\.firstName: unknown field of UserUpdateRequest; accepted keys"),
        ({"user_group_ids": "3,4"}, r"body \$\.userGroupIds"),
        ({"last_updated_at": datetime.datetime(2024, 5, 1, 10, 30)}, "naive datetime"),
        ("first_name=Ada", "body must be UserUpdateRequest or a dict of its fields, got str"),
        (None, "body must be UserUpdateRequest or a dict of its fields, got NoneType"),
    ],
)
def test_a_bad_dict_body_is_refused_before_sending(
    client: ampeco.Client, recorder: Recorder, body: object, message: str
) -> None:
    sent = len(recorder.requests)
    with pytest.raises(InvalidParameterError, match=message) as refused:
        client.users.update(7, body=body)  # type: ignore[arg-type]
    assert refused.value.operation == "user_update"
    assert len(recorder.requests) == sent
