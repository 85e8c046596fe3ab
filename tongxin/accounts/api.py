from django.views.decorators.csrf import csrf_exempt
from ninja import Router, Schema

from . import services

router = Router(tags=["auth"])


class Credentials(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


@router.post("/token", response=TokenOut, auth=None)
@csrf_exempt
def issue_token(request, payload: Credentials):
    """Exchange a username and password for a bearer token: `Authorization: Bearer <token>`."""
    return {"token": services.token_issue(username=payload.username, password=payload.password)}
