"""Exception reports without personal data.

Any posted field or local variable can hold a BSN, a name or case text, so outside DEBUG the
reporter shows none of them: every POST value and every frame variable is replaced by the mask
(Django's own filter only masks what a view marked ``sensitive_*``). Used for every exception
report (``DEFAULT_EXCEPTION_REPORTER_FILTER``); mails to ADMINS are off altogether.
"""

from typing import Any

from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any) -> Any:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
