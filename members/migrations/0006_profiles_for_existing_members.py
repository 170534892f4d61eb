"""Every member has a profile: create one for the members who existed before profiles."""

from django.db import migrations


def create_profiles(apps, schema_editor):
    User = apps.get_model("members", "User")
    MemberProfile = apps.get_model("members", "MemberProfile")
    missing = User.objects.filter(role="member", profile__isnull=True)
    MemberProfile.objects.bulk_create(MemberProfile(user=user) for user in missing)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_profiles_rotation_portfolio")]

    operations = [migrations.RunPython(create_profiles, migrations.RunPython.noop)]
