"""登录: user name and password; the only page anyone sees before signing in."""

from pages.login_view import show

show()
