"""Marketplace forms. Money is entered in dollars (Decimal) and converted to cents explicitly; every
refused text comes back from the service's trust write scope and is shown on its field (`show_refusal`)."""
from __future__ import annotations

from collections.abc import Collection
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict

from accounts.models import Skill
from core.money import symbol
from trust.forms import RefusalDisplayMixin
from trust.uploads.forms import UploadField

from .models import Category, JobPost
from .selectors import SORTS, JobFilters, SearchChoices, search_choices

if TYPE_CHECKING:
    from trust.uploads.services import Readable

MAX_DOLLARS = Decimal("1000000")


class SearchArgs(TypedDict):
    """What selectors.job_list_public takes from the job search form."""

    query: str
    filters: JobFilters
    sort: str


class JobFields(TypedDict):
    """A valid job form, as services.job_create / job_update take it."""

    title: str
    description: str
    category: Category
    skills: list[Skill]
    budget_type: str
    budget_min_cents: int
    budget_max_cents: int
    duration: str
    experience_level: str
    visibility: str


class ProposalFields(TypedDict):
    """A valid proposal form, as services.proposal_submit / proposal_update take it."""

    cover_letter: str
    bid_cents: int
    duration: str
    attachment: Readable | None


def dollars_to_cents(amount: Decimal) -> int:
    """Dollars as typed (Decimal, up to 2 places) to integer cents, rounded half-up once."""
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cents_to_dollars(amount_cents: int | None) -> Decimal | None:
    return None if amount_cents is None else (Decimal(amount_cents) / 100).quantize(Decimal("0.01"))


# Job budgets and bids are quoted in the platform currency (contracts carry their own).
_CURRENCY = symbol(settings.CONTRACTS_CURRENCY)

def _money_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("1.00"),
        max_value=MAX_DOLLARS,
        max_digits=9,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "1", "inputmode": "decimal"}),
    )


class TrustCheckedForm(RefusalDisplayMixin, forms.Form):
    """A plain form whose text a service writes through a trust write scope."""


class JobPostForm(TrustCheckedForm):
    hint_fields = ("title", "description")
    hint_context = "job_post"


    title = forms.CharField(
        max_length=120,
        help_text="A short headline freelancers will see in search, e.g. “Django developer for a booking site”.",
    )
    description = forms.CharField(
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What needs doing, what you already have, what a great result looks like. "
        "Don't include contact details: all talk happens on the platform.",
    )
    category = forms.ModelChoiceField(queryset=Category.objects.all(), empty_label="Choose a category")
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Up to 10.",
    )
    budget_type = forms.ChoiceField(choices=JobPost.BudgetType.choices, widget=forms.RadioSelect,
                                    initial=JobPost.BudgetType.FIXED)
    budget_min = _money_field(
        f"Budget from ({_CURRENCY})", help_text="Fixed price: the total. Hourly: the rate per hour."
    )
    budget_max = _money_field(f"Budget up to ({_CURRENCY})", required=False,
                              help_text="Optional: leave empty for a single amount.")
    duration = forms.ChoiceField(choices=JobPost.Duration.choices, initial=JobPost.Duration.ONE_TO_THREE)
    experience_level = forms.ChoiceField(choices=JobPost.Experience.choices, initial=JobPost.Experience.INTERMEDIATE)
    visibility = forms.ChoiceField(
        choices=JobPost.Visibility.choices,
        widget=forms.RadioSelect,
        initial=JobPost.Visibility.PUBLIC,
        help_text="Invite-only jobs are seen only by the freelancers you invite.",
    )

    @classmethod
    def initial_from(cls, job: JobPost) -> dict[str, Any]:
        return {
            "title": job.title,
            "description": job.description,
            "category": job.category_id,
            "skills": list(job.skills.all()),
            "budget_type": job.budget_type,
            "budget_min": cents_to_dollars(job.budget_min_cents),
            "budget_max": cents_to_dollars(job.budget_max_cents),
            "duration": job.duration,
            "experience_level": job.experience_level,
            "visibility": job.visibility,
        }

    def clean_skills(self) -> QuerySet[Skill]:
        skills = self.cleaned_data["skills"]
        if len(skills) > 10:
            raise forms.ValidationError("Choose at most 10 skills.")
        return skills

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        low, high = cleaned.get("budget_min"), cleaned.get("budget_max")
        if low is not None:
            if high is None:
                high = low
            if high < low:
                self.add_error("budget_max", "The upper budget can't be below the lower one.")
            else:
                cleaned["budget_min_cents"] = dollars_to_cents(low)
                cleaned["budget_max_cents"] = dollars_to_cents(high)
        return cleaned

    def service_kwargs(self) -> JobFields:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "description": d["description"],
            "category": d["category"],
            "skills": list(d["skills"]),
            "budget_type": d["budget_type"],
            "budget_min_cents": d["budget_min_cents"],
            "budget_max_cents": d["budget_max_cents"],
            "duration": d["duration"],
            "experience_level": d["experience_level"],
            "visibility": d["visibility"],
        }


class ProposalForm(TrustCheckedForm):
    hint_fields = ("cover_letter",)
    hint_context = "proposal"


    cover_letter = forms.CharField(
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Why you're a good fit: relevant work, how you'd approach it, questions you have.",
    )
    bid = _money_field(f"Your bid ({_CURRENCY})")
    duration = forms.ChoiceField(choices=JobPost.Duration.choices, label="How long will it take?")
    attachment = UploadField(use="proposal_attachment", required=False)

    def __init__(self, *args: Any, job: JobPost, **kwargs: Any) -> None:
        self.job = job
        super().__init__(*args, **kwargs)
        self.fields["bid"].label = "Your rate ($ per hour)" if job.budget_type == JobPost.BudgetType.HOURLY else (
            f"Your bid for the whole job ({_CURRENCY})"
        )
        self.fields["duration"].initial = job.duration
        self.fields["attachment"].help_text = (
            "Optional. " + self.fields["attachment"].help_text
            + " Its text is checked like your cover letter: no contact details."
        )

    def service_kwargs(self) -> ProposalFields:
        d = self.cleaned_data
        return {
            "cover_letter": d["cover_letter"],
            "bid_cents": dollars_to_cents(d["bid"]),
            "duration": d["duration"],
            "attachment": d.get("attachment") or None,
        }


class InvitationForm(TrustCheckedForm):
    hint_fields = ("message",)
    hint_context = "invitation"


    job = forms.ModelChoiceField(queryset=JobPost.objects.none(), empty_label="Choose one of your open jobs")
    message = forms.CharField(
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Optional: why you think they're a good fit.",
    )

    def __init__(self, *args: Any, jobs: QuerySet[JobPost], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["job"]).queryset = jobs


# (skill choices, category choices, skill slugs, category slugs) per taxonomy version: the job list
# builds its form on every hit, and rebuilding these from a few hundred skills each time cost ~40 us.
_FormChoices = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], frozenset[str], frozenset[str]]
_form_choices: dict[int, _FormChoices] = {}
_BUDGET_TYPE_VALUES = frozenset({"", *JobPost.BudgetType.values})
_EXPERIENCE_VALUES = frozenset({"", *JobPost.Experience.values})


def _search_form_choices(choices: SearchChoices) -> _FormChoices:
    version = choices["version"]
    found = _form_choices.get(version)
    if found is None:
        skills = tuple((slug, name) for _, slug, name in choices["skills"])
        categories = (("", "Any category"), *((slug, name) for _, slug, name in choices["categories"]))
        found = (skills, categories, frozenset(slug for slug, _ in skills),
                 frozenset(slug for slug, _ in categories))
        _form_choices.clear()  # one version at a time: an edited taxonomy replaces the old lists
        _form_choices[version] = found
    return found


class JobSearchForm:
    """GET parameters of /jobs/. Invalid values are dropped and named in `errors` rather than failing
    the page. Not a django.forms.Form on purpose: the busiest page parses these on every request, and
    a Form deep-copies its fields and normalises a few hundred skill choices each time (~1 ms); this
    reads the same rules from the cached taxonomy (selectors.search_choices) directly."""

    BUDGET_TYPES = [("", "Any type"), *JobPost.BudgetType.choices]
    EXPERIENCE = [("", "Any level"), *JobPost.Experience.choices]
    MAX_DOLLARS = Decimal("9999999.99")

    def __init__(self, data: QueryDict | None = None) -> None:
        self.data = data if data is not None else QueryDict()  # read only when bound
        self.is_bound = data is not None
        self.errors: dict[str, str] = {}
        self.cleaned_data: dict[str, Any] = {}
        (self.skill_choices, self.category_choices, self._skill_slugs,
         self._category_slugs) = _search_form_choices(search_choices())

    def _choice(self, name: str, allowed: Collection[str]) -> str:
        value = (self.data.get(name) or "").strip()
        if value and value not in allowed:
            self.errors[name] = "Select a valid choice."
            return ""
        return value

    def _dollars(self, name: str) -> Decimal | None:
        value = (self.data.get(name) or "").strip()
        if not value:
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0 or amount > self.MAX_DOLLARS \
                or amount != amount.quantize(Decimal("0.01")):
            self.errors[name] = "Enter a valid amount."
            return None
        return amount

    def is_valid(self) -> bool:
        if not self.is_bound:
            return False
        d = self.cleaned_data
        query = self.data.get("q") or ""
        if len(query) > 200:
            self.errors["q"] = "Use at most 200 characters."
            query = ""
        d["q"] = query.strip()
        skills = [slug for slug in self.data.getlist("skills") if slug]
        if any(slug not in self._skill_slugs for slug in skills):
            self.errors["skills"] = "Select a valid choice."
            skills = []
        d["skills"] = skills
        d["category"] = self._choice("category", self._category_slugs)
        d["budget_type"] = self._choice("budget_type", _BUDGET_TYPE_VALUES)
        d["experience"] = self._choice("experience", _EXPERIENCE_VALUES)
        d["sort"] = self._choice("sort", SORTS)
        d["min"] = self._dollars("min")
        d["max"] = self._dollars("max")
        return not self.errors

    def search_args(self) -> SearchArgs:
        """query/filters/sort for selectors.job_list_public from whatever validated."""
        d = self.cleaned_data if self.is_bound else {}
        # Fields that failed validation are absent from cleaned_data: they are simply ignored.
        query = d.get("q") or ""
        sort = d.get("sort") or "newest"
        filters = JobFilters(
            skills=list(d.get("skills") or []),
            category=d.get("category") or "",
            budget_type=d.get("budget_type") or "",
            budget_min_cents=dollars_to_cents(d["min"]) if d.get("min") is not None else None,
            budget_max_cents=dollars_to_cents(d["max"]) if d.get("max") is not None else None,
            experience=d.get("experience") or "",
        )
        return {"query": query, "filters": filters, "sort": sort}

    @property
    def selected_skills(self) -> set[str]:
        return set(self.cleaned_data.get("skills") or [])

    @property
    def has_filters(self) -> bool:
        d = self.cleaned_data
        return any(d.get(k) not in (None, "", []) for k in
                   ("q", "skills", "category", "budget_type", "min", "max", "experience"))
