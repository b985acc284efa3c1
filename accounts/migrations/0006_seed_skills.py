"""Seed the skills taxonomy (accounts/data/skills.txt, a few hundred skills in groups). Existing skills
keep their name; an empty group is filled in. Nothing is removed, on the way back either."""

from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parents[1] / "data" / "skills.txt"


def skill_slug(name: str) -> str:
    """"C#" -> "c-sharp", "C++" -> "cpp", "Node.js" -> "nodejs": slugify alone would merge some."""
    return slugify(name.replace("#", "-sharp").replace("++", "pp").replace(".", ""))


def taxonomy() -> list[tuple[str, str]]:
    """(group, name) in file order."""
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        group, names = line.split(":", 1)
        rows.extend((group.strip(), name.strip()) for name in names.split(",") if name.strip())
    return rows


def seed(apps, schema_editor):
    Skill = apps.get_model("accounts", "Skill")
    taken_names = {name.lower() for name in Skill.objects.values_list("name", flat=True)}
    for group, name in taxonomy():
        slug = skill_slug(name)
        skill = Skill.objects.filter(slug=slug).first()
        if skill is not None:
            if not skill.group:
                skill.group = group
                skill.save(update_fields=["group"])
        elif name.lower() not in taken_names:
            Skill.objects.create(name=name, slug=slug, group=group)
            taken_names.add(name.lower())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_profile_history_availability_skill_groups")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
