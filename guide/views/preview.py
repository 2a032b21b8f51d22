"""Draft previews on the public pages: who sees them, how they are marked, and never cached."""

from django.conf import settings
from django.utils.cache import patch_cache_control

from ..models import goes_live_at, is_public


def previewer(request):
    """The signed-in user, or None for a visitor without a session cookie: a visitor's request
    never loads a session, so public pages do not vary on Cookie."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    return request.user


class PreviewMixin:
    """Detail pages that people who may change the object can preview as drafts.

    ``visible(Model.objects)`` chooses the mode once per request; ``for_detail()`` after it
    fetches the children in the same mode, and ``in_mode()`` gives other querysets that mode.
    A page shown in preview mode is marked and sent with ``Cache-Control: private, no-store``,
    whether or not it holds drafts."""

    in_preview = False

    def visible(self, queryset):
        queryset = queryset.visible_to(previewer(self.request))
        self.in_preview = queryset.preview
        return queryset

    def in_mode(self, queryset):
        """Another queryset in the mode ``visible()`` chose: drafts too while previewing."""
        return queryset if self.in_preview else queryset.published()

    def preview_children(self):
        """The objects shown on the page besides the object itself, to find drafts among them."""
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.in_preview:
            if not is_public(self.object):
                context["preview"] = "page"
                context["goes_live_at"] = goes_live_at(self.object)
            elif any(not is_public(child) for child in self.preview_children()):
                context["preview"] = "parts"
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.in_preview:
            patch_cache_control(response, private=True, no_store=True)
        return response
