from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from viewflow.workflow.status import PROCESS

from base.organisation.demo import DEMO_PASSWORD, UNIT_STAFF, load_units_and_people
from base.organisation.roles import Role
from workflows.applications.demo import load_demo_applications
from workflows.interpretation.demo import load_demo_packages
from workflows.proposals.demo import load_demo_proposals
from workflows.proposals.services import import_and_register

REPLY_ROLES = [Role.HANDLING_CLERK, Role.REPLY_CHECKER, Role.RESPONSIBLE_LEADER, Role.UNIT_LEADER]
PROPOSALS = Path(settings.BASE_DIR) / "demo" / "proposals-2026.csv"


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会产生重复数据），并列出演示账号。"

    def handle(self, *args, **options):
        logins = load_units_and_people()
        imported = import_and_register(PROPOSALS.name, PROPOSALS.read_bytes())
        if not imported.already_imported:
            self.stdout.write(f"建议提案：已导入演示文件中的 {imported.created} 条。")
        progress = load_demo_proposals()
        if progress:
            done = progress.steps.pop("办结", 0)
            waiting = "、".join(f"{step} {n}" for step, n in progress.steps.items())
            self.stdout.write(
                f"建议提案：{progress.moved} 件已按办理进度推进，办结 {done} 件；"
                f"在办：{waiting}；逾期未答复 {progress.overdue} 个承办单位。"
            )
        if applications := load_demo_applications():
            answered = sum(process.status == PROCESS.DONE for process in applications)
            self.stdout.write(
                f"依申请公开：载入 {len(applications)} 件申请，{answered} 件已办结，"
                f"{len(applications) - answered} 件在办。"
            )
        if created := load_demo_packages():
            approved = sum(process.status == PROCESS.DONE for process in created)
            self.stdout.write(
                f"政策解读：载入 {len(created)} 件，{approved} 件已审核发布，"
                f"{len(created) - approved} 件在审核中或已退回起草人。"
            )
            self.stdout.write(
                "已发布的内容由发布流水线送达门户；即刻送达：python manage.py publish_pending"
            )
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）：")
        )
        unit_staff = {username for username, *_ in UNIT_STAFF}
        for username, role, unit in logins:
            if username not in unit_staff:
                self.stdout.write(f"  {username:<10} {role} · {unit}")
        self.stdout.write("  其他承办单位（经办人 / 核稿人 / 分管领导 / 主要领导）：")
        order = {str(role.label): rank for rank, role in enumerate(REPLY_ROLES)}
        for unit in dict.fromkeys(row[3] for row in UNIT_STAFF):
            team = sorted(
                (order[role], name) for name, role, u in logins if u == unit and role in order
            )
            self.stdout.write(f"    {unit}：{' / '.join(name for _rank, name in team)}")
