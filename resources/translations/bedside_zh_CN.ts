<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminAccountPage</name>
    <message>
        <source>The first admin</source>
        <translation>第一位管理员</translation>
    </message>
    <message>
        <source>You will manage the people who use this laptop. Everyone else gets their own account from you later.</source>
        <translation>您将管理使用这台笔记本电脑的人员。其他人稍后由您为其开设各自的账户。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>User name: {name_rules}
Password: {password_rules}</source>
        <translation>用户名：{name_rules}
密码：{password_rules}</translation>
    </message>
    <message>
        <source>Setup message</source>
        <translation>设置提示</translation>
    </message>
    <message>
        <source>Full name (printed)</source>
        <translation>姓名（打印用）</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>This device</source>
        <translation>本设备</translation>
    </message>
    <message>
        <source>Study IDs</source>
        <translation>研究编号</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Re-enrol</source>
        <translation>重新登记</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>A person was disabled, but the store could not be re-keyed yet: until it is, a copy of their old key file still opens it.</source>
        <translation>已停用一名人员，但数据库尚未能更换密钥：在更换之前，其旧密钥文件的副本仍可打开数据库。</translation>
    </message>
    <message>
        <source>Re-key now</source>
        <translation>立即更换密钥</translation>
    </message>
    <message>
        <source>People message</source>
        <translation>人员提示</translation>
    </message>
    <message>
        <source>Selected person</source>
        <translation>所选人员</translation>
    </message>
    <message>
        <source>Choose a person in the list.</source>
        <translation>请在列表中选择一名人员。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>why, for the audit trail</source>
        <translation>原因，记入稽查轨迹</translation>
    </message>
    <message>
        <source>New temporary password</source>
        <translation>新的临时密码</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation>停用账户</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>e.g. nurse.li</source>
        <translation>例如 nurse.li</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>as printed under a signature</source>
        <translation>与签名下方打印的姓名一致</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>At least 8 characters; they choose their own at first login.</source>
        <translation>至少 8 个字符；首次登录时由本人另设密码。</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>Idle lock after minutes</source>
        <translation>闲置多少分钟后锁定</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>The window locks itself after this many minutes without a touch or a key. Screens in 简体中文 arrive with the translation; the choice is kept now.</source>
        <translation>在这么多分钟内无触摸或按键操作，窗口将自动锁定。简体中文界面随翻译提供；所选语言现已保存。</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>锁定时间</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>中心</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Store ID</source>
        <translation>数据库 ID</translation>
    </message>
    <message>
        <source>Bedside version</source>
        <translation>Bedside 版本</translation>
    </message>
    <message>
        <source>SQLCipher version</source>
        <translation>SQLCipher 版本</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Enrol this device at the hub with this key: scan, paste or read it out.</source>
        <translation>请用此密钥在中心服务器登记本设备：扫描、粘贴或念出均可。</translation>
    </message>
    <message>
        <source>Device key</source>
        <translation>设备密钥</translation>
    </message>
    <message>
        <source>{full_name} ({name}) can now log in as {role} with the temporary password, and will choose their own.</source>
        <translation>{full_name}（{name}）现在可以用临时密码以 {role} 身份登录，之后将自行设置密码。</translation>
    </message>
    <message>
        <source>The store is re-keyed.</source>
        <translation>数据库已更换密钥。</translation>
    </message>
    <message>
        <source>The store could not be re-keyed now: close other tasks and try again.</source>
        <translation>现在无法更换数据库密钥：请关闭其他任务后重试。</translation>
    </message>
    <message>
        <source>Choose the person to disable in the list.</source>
        <translation>请在列表中选择要停用的人员。</translation>
    </message>
    <message>
        <source>Give the reason for disabling the account.</source>
        <translation>请填写停用该账户的原因。</translation>
    </message>
    <message>
        <source>Disable {name}? They will no longer be able to log in.</source>
        <translation>停用 {name}？停用后其将无法再登录。</translation>
    </message>
    <message>
        <source>{name} is disabled; their records stay.</source>
        <translation>{name} 已停用；其记录仍予保留。</translation>
    </message>
    <message>
        <source>Choose the person whose password to reset in the list.</source>
        <translation>请在列表中选择要重置密码的人员。</translation>
    </message>
    <message>
        <source>Give the reason for resetting the password.</source>
        <translation>请填写重置密码的原因。</translation>
    </message>
    <message>
        <source>{name} has a temporary password now and must choose their own at next login.</source>
        <translation>{name} 现在使用临时密码，下次登录时必须自行设置密码。</translation>
    </message>
    <message>
        <source>Saved: lock after {minutes} min; language {language}.</source>
        <translation>已保存：{minutes} min 后锁定；语言 {language}。</translation>
    </message>
</context>
<context>
    <name>AdverseEventRecords</name>
    <message>
        <source>That adverse event no longer exists: open the participant again.</source>
        <translation>该不良事件已不存在：请重新打开该受试者。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot assess causality or expectedness: an investigator does.</source>
        <translation>您的角色（{role}）不能评估因果关系或预期性：应由研究者评估。</translation>
    </message>
    <message>
        <source>Say how the report was sent: fax, email, phone, edc or other.</source>
        <translation>请说明报告的发送方式：传真（fax）、电子邮件（email）、电话（phone）、EDC（edc）或其他（other）。</translation>
    </message>
    <message>
        <source>The report time is in the future: check the date and time.</source>
        <translation>报告时间在将来：请检查日期和时间。</translation>
    </message>
    <message>
        <source>There is no adverse event {ae}.</source>
        <translation>不存在不良事件 {ae}。</translation>
    </message>
    <message>
        <source>Only a serious adverse event is reported to the sponsor.</source>
        <translation>只有严重不良事件才需向申办方报告。</translation>
    </message>
    <message>
        <source>The report cannot precede the site&apos;s awareness of the event.</source>
        <translation>报告时间不能早于研究中心获知该事件的时间。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot sign adverse events.</source>
        <translation>您的角色（{role}）不能签名不良事件。</translation>
    </message>
    <message>
        <source>This adverse event is already signed.</source>
        <translation>该不良事件已签名。</translation>
    </message>
</context>
<context>
    <name>AdverseEvents</name>
    <message>
        <source>Results in death</source>
        <translation>导致死亡</translation>
    </message>
    <message>
        <source>Is life-threatening (risk of death at the time of the event)</source>
        <translation>危及生命（事件发生时有死亡风险）</translation>
    </message>
    <message>
        <source>Requires or prolongs hospitalisation</source>
        <translation>需要住院或延长住院时间</translation>
    </message>
    <message>
        <source>Persistent or significant disability or incapacity</source>
        <translation>导致永久或严重的残疾或功能丧失</translation>
    </message>
    <message>
        <source>Congenital anomaly or birth defect</source>
        <translation>先天性异常或出生缺陷</translation>
    </message>
    <message>
        <source>Other medically important event (investigator&apos;s judgement)</source>
        <translation>其他重要医学事件（研究者判断）</translation>
    </message>
    <message>
        <source>Not related</source>
        <translation>无关</translation>
    </message>
    <message>
        <source>Unlikely related</source>
        <translation>可能无关</translation>
    </message>
    <message>
        <source>Possibly related</source>
        <translation>可能有关</translation>
    </message>
    <message>
        <source>Probably related</source>
        <translation>很可能有关</translation>
    </message>
    <message>
        <source>Definitely related</source>
        <translation>肯定有关</translation>
    </message>
    <message>
        <source>Expected (listed in the reference safety information)</source>
        <translation>预期的（参考安全性信息中已列出）</translation>
    </message>
    <message>
        <source>Unexpected (not consistent with the reference safety information)</source>
        <translation>非预期的（与参考安全性信息不一致）</translation>
    </message>
    <message>
        <source>No action with the study product</source>
        <translation>未对研究药物采取措施</translation>
    </message>
    <message>
        <source>Infusion interrupted</source>
        <translation>输注中断</translation>
    </message>
    <message>
        <source>Infusion rate reduced</source>
        <translation>输注速度减慢</translation>
    </message>
    <message>
        <source>Infusion stopped</source>
        <translation>输注停止</translation>
    </message>
    <message>
        <source>Not applicable (no infusion under way or due)</source>
        <translation>不适用（无进行中或待进行的输注）</translation>
    </message>
    <message>
        <source>Recovered / resolved</source>
        <translation>已恢复/已缓解</translation>
    </message>
    <message>
        <source>Recovering / resolving</source>
        <translation>恢复中/缓解中</translation>
    </message>
    <message>
        <source>Not recovered / not resolved</source>
        <translation>未恢复/未缓解</translation>
    </message>
    <message>
        <source>Recovered with sequelae</source>
        <translation>已恢复但有后遗症</translation>
    </message>
    <message>
        <source>Fatal</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{term} has no grade {grade} in CTCAE.</source>
        <translation>CTCAE 中{term}没有 {grade} 级。</translation>
    </message>
    <message>
        <source>Assess causality to the study product before signing.</source>
        <translation>签名前请评估与研究药物的因果关系。</translation>
    </message>
    <message>
        <source>Assess causality to the study procedures before signing.</source>
        <translation>签名前请评估与研究操作的因果关系。</translation>
    </message>
    <message>
        <source>Record the outcome before signing.</source>
        <translation>签名前请记录转归。</translation>
    </message>
    <message>
        <source>Choose a term from the list, or type it as free text.</source>
        <translation>请从列表中选择术语，或以自由文本输入。</translation>
    </message>
    <message>
        <source>Name the adverse event: choose a term or type it.</source>
        <translation>请填写不良事件名称：选择术语或直接输入。</translation>
    </message>
    <message>
        <source>Keep the term to {count} characters; describe it further in the description.</source>
        <translation>术语请控制在 {count} 个字符以内；更多内容请写在描述中。</translation>
    </message>
    <message>
        <source>Give the time with its time zone.</source>
        <translation>请给出带时区的时间。</translation>
    </message>
    <message>
        <source>This time is in the future: check the date and time.</source>
        <translation>该时间在将来：请检查日期和时间。</translation>
    </message>
    <message>
        <source>Record when the event began.</source>
        <translation>请记录事件开始的时间。</translation>
    </message>
    <message>
        <source>An ongoing event has no end: clear the end or untick ongoing.</source>
        <translation>持续中的事件没有结束时间：请清除结束时间，或取消勾选“持续中”。</translation>
    </message>
    <message>
        <source>The event cannot end before it began: check the onset and end.</source>
        <translation>事件结束时间不能早于开始时间：请检查开始和结束时间。</translation>
    </message>
    <message>
        <source>Record when the site became aware of this serious event: the reporting clock runs from it.</source>
        <translation>请记录研究中心获知该严重事件的时间：报告时限从此时开始计算。</translation>
    </message>
    <message>
        <source>The site cannot have become aware before the event began: check the times.</source>
        <translation>研究中心获知时间不能早于事件开始时间：请检查时间。</translation>
    </message>
    <message>
        <source>Choose the CTCAE grade (1 to 5).</source>
        <translation>请选择 CTCAE 分级（1 至 5 级）。</translation>
    </message>
    <message>
        <source>The CTCAE grade is 1, 2, 3, 4 or 5.</source>
        <translation>CTCAE 分级为 1、2、3、4 或 5 级。</translation>
    </message>
    <message>
        <source>{term} has no grade {grade} in CTCAE: choose {allowed}.</source>
        <translation>CTCAE 中{term}没有 {grade} 级：请选择 {allowed}。</translation>
    </message>
    <message>
        <source>Grade 5 is death related to the event: set the outcome to fatal, or choose a lower grade.</source>
        <translation>5 级为与事件相关的死亡：请将转归设为死亡，或选择更低的分级。</translation>
    </message>
    <message>
        <source>A fatal outcome is grade 5: set the grade to 5, or choose another outcome.</source>
        <translation>转归为死亡即为 5 级：请将分级设为 5 级，或选择其他转归。</translation>
    </message>
    <message>
        <source>Tick seriousness criteria from the list only.</source>
        <translation>只能勾选列表中的严重性标准。</translation>
    </message>
    <message>
        <source>Choose one of the listed answers.</source>
        <translation>请选择列出的答案之一。</translation>
    </message>
    <message>
        <source>A fatal event is serious: tick &quot;results in death&quot;.</source>
        <translation>死亡事件属于严重事件：请勾选“导致死亡”。</translation>
    </message>
    <message>
        <source>&quot;Results in death&quot; is ticked: set the outcome to fatal, or untick it.</source>
        <translation>已勾选“导致死亡”：请将转归设为死亡，或取消勾选。</translation>
    </message>
    <message>
        <source>A fatal event has ended: give the time of death as its end.</source>
        <translation>死亡事件已结束：请将死亡时间填为结束时间。</translation>
    </message>
    <message>
        <source>A recovered event has ended: give its end or choose another outcome.</source>
        <translation>已恢复的事件已结束：请填写结束时间，或选择其他转归。</translation>
    </message>
    <message>
        <source>Not serious</source>
        <translation>非严重</translation>
    </message>
    <message>
        <source>Reported (was due {due})</source>
        <translation>已报告（截止时间 {due}）</translation>
    </message>
    <message>
        <source>Reported late (was due {due})</source>
        <translation>逾期报告（截止时间 {due}）</translation>
    </message>
    <message>
        <source>Overdue by {span} (was due {due})</source>
        <translation>已逾期 {span}（截止时间 {due}）</translation>
    </message>
    <message>
        <source>Report within {span} (due {due})</source>
        <translation>请在 {span} 内报告（截止时间 {due}）</translation>
    </message>
</context>
<context>
    <name>AeForm</name>
    <message>
        <source>Mild</source>
        <translation>轻度</translation>
    </message>
    <message>
        <source>Moderate</source>
        <translation>中度</translation>
    </message>
    <message>
        <source>Severe</source>
        <translation>重度</translation>
    </message>
    <message>
        <source>Life-threatening</source>
        <translation>危及生命</translation>
    </message>
    <message>
        <source>Death</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>Not in the list: type the term below</source>
        <translation>不在列表中：请在下方输入术语</translation>
    </message>
    <message>
        <source>Onset</source>
        <translation>发生</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Site aware</source>
        <translation>研究中心获知</translation>
    </message>
    <message>
        <source>Adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <source>Grade is intensity; seriousness is separate.</source>
        <translation>分级表示严重程度（强度）；是否为严重不良事件单独判断。</translation>
    </message>
    <message>
        <source>&amp;Term (CTCAE)</source>
        <translation>术语（CTCAE）(&amp;T)</translation>
    </message>
    <message>
        <source>Only when the term is not in the list; it is coded later.</source>
        <translation>仅在列表中没有该术语时填写；之后再进行编码。</translation>
    </message>
    <message>
        <source>Free-text te&amp;rm</source>
        <translation>自由文本术语(&amp;R)</translation>
    </message>
    <message>
        <source>Ongoing</source>
        <translation>持续中</translation>
    </message>
    <message>
        <source>The event is &amp;ongoing</source>
        <translation>该事件仍在持续(&amp;O)</translation>
    </message>
    <message>
        <source>{grade} — {word}</source>
        <translation>{grade} — {word}</translation>
    </message>
    <message>
        <source>CTCAE &amp;grade</source>
        <translation>CTCAE 分级(&amp;G)</translation>
    </message>
    <message>
        <source>Serious</source>
        <translation>严重性</translation>
    </message>
    <message>
        <source>Investigator&apos;s assessment</source>
        <translation>研究者评估</translation>
    </message>
    <message>
        <source>An investigator assesses causality and expectedness.</source>
        <translation>由研究者评估相关性和预期性。</translation>
    </message>
    <message>
        <source>Causality: study &amp;product</source>
        <translation>相关性：研究药物(&amp;P)</translation>
    </message>
    <message>
        <source>Causality: study pro&amp;cedures</source>
        <translation>相关性：研究操作(&amp;C)</translation>
    </message>
    <message>
        <source>E&amp;xpectedness</source>
        <translation>预期性(&amp;X)</translation>
    </message>
    <message>
        <source>Against {document}, {version}.</source>
        <translation>依据 {document}，{version}。</translation>
    </message>
    <message>
        <source>&amp;Action taken</source>
        <translation>采取的措施(&amp;A)</translation>
    </message>
    <message>
        <source>O&amp;utcome</source>
        <translation>转归(&amp;U)</translation>
    </message>
    <message>
        <source>Infusion</source>
        <translation>输注</translation>
    </message>
    <message>
        <source>&amp;Infusion-related reaction</source>
        <translation>输注相关反应(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>描述(&amp;D)</translation>
    </message>
    <message>
        <source>{label}: time</source>
        <translation>{label}：时间</translation>
    </message>
    <message>
        <source>{label} date</source>
        <translation>{label}日期</translation>
    </message>
    <message>
        <source>at</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Your password, to sign</source>
        <translation>输入您的密码以签名</translation>
    </message>
    <message>
        <source>Password to sign the adverse event</source>
        <translation>签署该不良事件的密码</translation>
    </message>
    <message>
        <source>Sign as &amp;investigator</source>
        <translation>以研究者身份签名(&amp;I)</translation>
    </message>
    <message>
        <source>Choose a grade to see its CTCAE wording.</source>
        <translation>选择分级后可查看其 CTCAE 描述。</translation>
    </message>
    <message>
        <source>Serious: report to the sponsor within {hours} h of the site becoming aware.</source>
        <translation>严重不良事件：须在研究中心获知后 {hours} 小时内报告申办方。</translation>
    </message>
    <message>
        <source>Not serious: no expedited report.</source>
        <translation>非严重：无需快速报告。</translation>
    </message>
    <message>
        <source>Save the event first: only what is saved can be signed.</source>
        <translation>请先保存该事件：只有已保存的内容才能签名。</translation>
    </message>
    <message>
        <source>Not signed: {reason}</source>
        <translation>未签名：{reason}</translation>
    </message>
    <message>
        <source>Not saved yet.</source>
        <translation>尚未保存。</translation>
    </message>
    <message>
        <source>Entered; waiting for the investigator&apos;s assessment.</source>
        <translation>已录入；等待研究者评估。</translation>
    </message>
    <message>
        <source>Assessed; waiting for the investigator&apos;s signature.</source>
        <translation>已评估；等待研究者签名。</translation>
    </message>
    <message>
        <source>Signed.</source>
        <translation>已签名。</translation>
    </message>
    <message>
        <source>{signature}. Sign again.</source>
        <translation>{signature}。请重新签名。</translation>
    </message>
    <message>
        <source>SAE clock: {clock}</source>
        <translation>严重不良事件报告时限：{clock}</translation>
    </message>
</context>
<context>
    <name>AeReportButton</name>
    <message>
        <source>&amp;Print / Save as PDF…</source>
        <translation>打印 / 另存为 PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Print or save the adverse event report</source>
        <translation>打印或保存不良事件报告</translation>
    </message>
    <message>
        <source>Print report ({language})…</source>
        <translation>打印报告（{language}）…</translation>
    </message>
    <message>
        <source>Save report as PDF ({language})…</source>
        <translation>将报告另存为 PDF（{language}）…</translation>
    </message>
    <message>
        <source>Choose an adverse event first, then print its report.</source>
        <translation>请先选择一个不良事件，再打印其报告。</translation>
    </message>
    <message>
        <source>Adverse event report</source>
        <translation>不良事件报告</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <source>Infusion checks due</source>
        <translation>到期的输注检查</translation>
    </message>
    <message>
        <source>and {extra} more: see Today.</source>
        <translation>另有 {extra} 项：请见“今日”。</translation>
    </message>
</context>
<context>
    <name>AlertSoundSetting</name>
    <message>
        <source>Sound an alarm when a timed infusion check is overdue</source>
        <translation>定时输注检查超时时发出提示音</translation>
    </message>
</context>
<context>
    <name>Allocation</name>
    <message>
        <source>This device&apos;s allocation part is used up: ask the coordinating centre&apos;s statistician to top up this device&apos;s allocation part, and a pharmacist to import it.</source>
        <translation>本设备的分配表部分已用完：请联系协调中心的统计师为本设备补充分配表，并由药师导入。</translation>
    </message>
    <message>
        <source>This device holds no allocation part yet: a pharmacist must import the file the hub wrote for this device before anyone can be randomised.</source>
        <translation>本设备尚无分配表部分：须由药师导入中心为本设备生成的分配文件后，才能对受试者进行随机化。</translation>
    </message>
    <message>
        <source>You hold no blinding key on this device yet: another pharmacist must log in here once to grant it, then log in again.</source>
        <translation>您在本设备上尚无盲态密钥：须由另一位药师在本设备登录一次为您授予，然后请您重新登录。</translation>
    </message>
    <message>
        <source>There is no participant {participant}.</source>
        <translation>不存在受试者 {participant}。</translation>
    </message>
    <message>
        <source>Only a pharmacist can import this device&apos;s allocation part: your role ({role}) stays blinded.</source>
        <translation>只有药师才能导入本设备的分配表部分：您的角色（{role}）须保持盲态。</translation>
    </message>
    <message>
        <source>The allocation file holds {count} slots, fewer than the {held} this device already imported: nothing was changed.</source>
        <translation>该分配文件含 {count} 个名额，少于本设备已导入的 {held} 个：未作任何更改。</translation>
    </message>
    <message>
        <source>The allocation file changes slot {number}, which this device already imported: nothing was changed; ask the coordinating centre&apos;s statistician.</source>
        <translation>该分配文件更改了本设备已导入的第 {number} 个名额：未作任何更改；请联系协调中心的统计师。</translation>
    </message>
    <message>
        <source>Kit code {kit} in the allocation file is already used on this device: nothing was changed; ask the coordinating centre&apos;s statistician.</source>
        <translation>分配文件中的药盒编号 {kit} 在本设备上已被使用：未作任何更改；请联系协调中心的统计师。</translation>
    </message>
    <message>
        <source>Part {serial} of this device&apos;s allocation was already imported on {date} by {name}: nothing was changed.</source>
        <translation>本设备分配表的第 {serial} 部分已于 {date} 由 {name} 导入：未作任何更改。</translation>
    </message>
    <message>
        <source>This is part {serial}, older than part {latest} already imported: nothing was changed.</source>
        <translation>这是第 {serial} 部分，早于已导入的第 {latest} 部分：未作任何更改。</translation>
    </message>
    <message>
        <source>This device has not pinned its hub yet: an admin pins it (bedside device set-hub) before an allocation file can be checked.</source>
        <translation>本设备尚未绑定中心服务器：须由管理员先绑定（bedside device set-hub），才能校验分配文件。</translation>
    </message>
    <message>
        <source>{participant} is already randomised to kit {kit}.</source>
        <translation>{participant} 已随机化，分配药盒 {kit}。</translation>
    </message>
    <message>
        <source>{participant} is not enrolled yet: enrol them (they get a study ID) before randomising.</source>
        <translation>{participant} 尚未入组：请先入组（分配研究编号）再进行随机化。</translation>
    </message>
    <message>
        <source>{participant} cannot be randomised: an investigator must first sign an eligibility checklist that says eligible.</source>
        <translation>{participant} 不能随机化：研究者必须先签名一份结论为符合入选的入选资格核查表。</translation>
    </message>
    <message>
        <source>Only a nurse or an investigator randomises: your role ({role}) cannot.</source>
        <translation>只有护士或研究者才能进行随机化：您的角色（{role}）不能。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot see treatment allocation.</source>
        <translation>您的角色（{role}）不能查看治疗分组。</translation>
    </message>
    <message>
        <source>{arm} (placebo)</source>
        <translation>{arm}（安慰剂）</translation>
    </message>
    <message>
        <source>{arm} (active)</source>
        <translation>{arm}（试验药）</translation>
    </message>
</context>
<context>
    <name>AllocationFile</name>
    <message>
        <source>The allocation file is damaged: ask the hub for a new one.</source>
        <translation>该分配文件已损坏：请向中心服务器索取新文件。</translation>
    </message>
    <message>
        <source>The allocation file is too large to be one device&apos;s part.</source>
        <translation>该分配文件过大，不可能是单台设备的分配表部分。</translation>
    </message>
    <message>
        <source>This allocation file is not for you: it opens only for the pharmacists of the device it was written for.</source>
        <translation>该分配文件不是给您的：只有其所属设备的药师才能打开。</translation>
    </message>
    <message>
        <source>The allocation file is not signed by this device&apos;s hub: it was changed or comes from elsewhere.</source>
        <translation>该分配文件不是由本设备的中心服务器签名的：文件已被修改或来源不明。</translation>
    </message>
    <message>
        <source>The allocation file&apos;s signature names another part.</source>
        <translation>该分配文件的签名对应的是另一部分。</translation>
    </message>
    <message>
        <source>The allocation file is for study {found}, not {study}.</source>
        <translation>该分配文件属于研究 {found}，而不是 {study}。</translation>
    </message>
    <message>
        <source>The allocation file is for device {found}, not this one ({device}).</source>
        <translation>该分配文件属于设备 {found}，而不是本设备（{device}）。</translation>
    </message>
</context>
<context>
    <name>AllocationPage</name>
    <message>
        <source>Part</source>
        <translation>分配表部分</translation>
    </message>
    <message>
        <source>Slots</source>
        <translation>名额</translation>
    </message>
    <message>
        <source>Issued (UTC)</source>
        <translation>签发时间（UTC）</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>签发人</translation>
    </message>
    <message>
        <source>Imported (UTC)</source>
        <translation>导入时间（UTC）</translation>
    </message>
    <message>
        <source>Imported by</source>
        <translation>导入人</translation>
    </message>
    <message>
        <source>{file} is not a file: choose the allocation file the hub wrote.</source>
        <translation>{file} 不是文件：请选择中心服务器生成的分配文件。</translation>
    </message>
    <message>
        <source>The allocation file is too large to be one device&apos;s part.</source>
        <translation>该分配文件过大，不可能是单台设备的分配表部分。</translation>
    </message>
    <message>
        <source>{file} cannot be read ({reason}): nothing was imported.</source>
        <translation>无法读取 {file}（{reason}）：未导入任何内容。</translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation>随机分配</translation>
    </message>
    <message>
        <source>This device&apos;s part of the allocation list, written by the coordinating centre for this device&apos;s pharmacists. Import each new part they send; a nurse or an investigator randomises from the participant&apos;s page.</source>
        <translation>本设备的随机分配表部分，由协调中心为本设备的药师生成。请导入其发来的每个新部分；随机化由护士或研究者在受试者页面上进行。</translation>
    </message>
    <message>
        <source>&amp;Import allocation file…</source>
        <translation>导入分配文件…(&amp;I)</translation>
    </message>
    <message>
        <source>Slots in all, used and left</source>
        <translation>名额总数、已用及剩余</translation>
    </message>
    <message>
        <source>What the import did</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <source>Only a pharmacist imports the allocation.</source>
        <translation>只有药师可以导入随机分配表。</translation>
    </message>
    <message>
        <source>Allocation parts imported</source>
        <translation>已导入的分配表部分</translation>
    </message>
    <message>
        <source>No allocation part is imported yet: nobody can be randomised.</source>
        <translation>尚未导入任何分配表部分：目前无法对任何人进行随机化。</translation>
    </message>
    <message>
        <source>Slots: {total} in all, {used} used, {left} left.</source>
        <translation>名额：共 {total} 个，已用 {used} 个，剩余 {left} 个。</translation>
    </message>
    <message>
        <source>Only {left} slot left: ask the coordinating centre&apos;s statistician to top up this device&apos;s allocation part.</source>
        <translation>仅剩 {left} 个名额：请联系协调中心的统计师为本设备补充分配表。</translation>
    </message>
    <message>
        <source>Only {left} slots left: ask the coordinating centre&apos;s statistician to top up this device&apos;s allocation part.</source>
        <translation>仅剩 {left} 个名额：请联系协调中心的统计师为本设备补充分配表。</translation>
    </message>
    <message>
        <source>Imported part {serial}: {added} new slot, {total} in all.</source>
        <translation>已导入第 {serial} 部分：新增 {added} 个名额，共 {total} 个。</translation>
    </message>
    <message>
        <source>Imported part {serial}: {added} new slots, {total} in all.</source>
        <translation>已导入第 {serial} 部分：新增 {added} 个名额，共 {total} 个。</translation>
    </message>
    <message>
        <source>Import allocation file</source>
        <translation>导入分配文件</translation>
    </message>
    <message>
        <source>Allocation files (*.age);;All files (*)</source>
        <translation>分配文件 (*.age);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <source>The allocation file opens only with your own password. Type it again:</source>
        <translation>分配文件只能用您本人的密码打开。请再次输入：</translation>
    </message>
</context>
<context>
    <name>AttemptsModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>{text}  ({repeats} times in a row)</source>
        <translation>{text}  （连续 {repeats} 次）</translation>
    </message>
</context>
<context>
    <name>AuditTrail</name>
    <message>
        <source>The record of the last audit head ({name}) is damaged: restore it from a backup.</source>
        <translation>最后审计头的记录（{name}）已损坏：请从备份恢复。</translation>
    </message>
    <message>
        <source>The audit trail ends {rows} row before the last known head: restore the store from a backup.</source>
        <translation>审计追踪在最后已知审计头之前 {rows} 行就结束了：请从备份恢复数据库。</translation>
    </message>
    <message>
        <source>The audit trail ends {rows} rows before the last known head: restore the store from a backup.</source>
        <translation>审计追踪在最后已知审计头之前 {rows} 行就结束了：请从备份恢复数据库。</translation>
    </message>
    <message>
        <source>The audit trail does not contain the last known head (it was replaced or rewritten): restore the store from a backup.</source>
        <translation>审计追踪中没有最后已知的审计头（已被替换或改写）：请从备份恢复数据库。</translation>
    </message>
    <message>
        <source>The record of the last audit head ({name}) is missing: Bedside cannot show that no audit rows were lost.</source>
        <translation>最后审计头的记录（{name}）缺失：Bedside 无法证明没有丢失审计记录行。</translation>
    </message>
    <message>
        <source>A seal in the bundle does not have the expected fields.</source>
        <translation>数据包中有一个封签不具备应有的字段。</translation>
    </message>
    <message>
        <source>A seal in the bundle is out of shape.</source>
        <translation>数据包中有一个封签格式不正确。</translation>
    </message>
    <message>
        <source>The seals do not divide the audit rows into transactions at row {seq}.</source>
        <translation>在第 {seq} 行处，封签未能将审计记录行划分为事务。</translation>
    </message>
    <message>
        <source>Audit rows from {seq} on are not sealed by the person who made them.</source>
        <translation>自第 {seq} 行起的审计记录行未由其创建者封签。</translation>
    </message>
    <message>
        <source>Audit row {seq} names {user}, but its transaction is signed by {signer}.</source>
        <translation>审计记录第 {seq} 行记载的用户为 {user}，但其事务由 {signer} 签名。</translation>
    </message>
    <message>
        <source>{signer} has no enrolled key on this device.</source>
        <translation>{signer} 在本设备上没有已登记的密钥。</translation>
    </message>
    <message>
        <source>{signer} was disabled on this device.</source>
        <translation>{signer} 在本设备上已被停用。</translation>
    </message>
    <message>
        <source>The seal on audit rows {first}–{last} is not {signer}&apos;s signature.</source>
        <translation>审计记录第 {first}–{last} 行的封签不是 {signer} 的签名。</translation>
    </message>
    <message>
        <source>The first admin&apos;s key on this device is not the one registered at the hub for it ({signer}).</source>
        <translation>本设备上首位管理员的密钥与中心服务器为其登记的密钥不一致（{signer}）。</translation>
    </message>
    <message>
        <source>The device&apos;s first transaction does not enrol its first admin.</source>
        <translation>该设备的第一个事务没有登记其首位管理员。</translation>
    </message>
    <message>
        <source>{signer} ({role}) changed an enrolled key; only an admin may, apart from a person replacing their own key.</source>
        <translation>{signer}（{role}）更改了已登记的密钥；除本人更换自己的密钥外，只有管理员可以更改。</translation>
    </message>
    <message>
        <source>An e-signature on {table} {record} is not its signer&apos;s own signature.</source>
        <translation>{table} {record} 上的电子签名不是签名人本人的签名。</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>The backup reminder needs a whole number of days, not {value}.</source>
        <translation>备份提醒须为整数天数，而不是 {value}。</translation>
    </message>
    <message>
        <source>The backup reminder needs a whole number of days, not nothing.</source>
        <translation>备份提醒须为整数天数，不能为空。</translation>
    </message>
    <message>
        <source>The backup reminder must be between {low} and {high} days.</source>
        <translation>备份提醒必须在 {low} 至 {high} 天之间。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot change the backup reminder.</source>
        <translation>您的角色（{role}）不能更改备份提醒。</translation>
    </message>
    <message>
        <source>Last backup: none yet.</source>
        <translation>上次备份：尚无。</translation>
    </message>
    <message>
        <source>Last backup: {when}, {where}.</source>
        <translation>上次备份：{when}，{where}。</translation>
    </message>
    <message>
        <source>This laptop was never backed up: back it up now.</source>
        <translation>本笔记本电脑从未备份过：请立即备份。</translation>
    </message>
    <message>
        <source>No backup was made in the last 1 day: back up now.</source>
        <translation>过去 1 天内没有备份：请立即备份。</translation>
    </message>
    <message>
        <source>No backup was made in the last {days} days: back up now.</source>
        <translation>过去 {days} 天内没有备份：请立即备份。</translation>
    </message>
    <message>
        <source>Backed up the store of site {site}, device {device} (audit row {seq}) to {path}; the copy was checked.</source>
        <translation>已将研究中心 {site}、设备 {device} 的数据库（审计记录第 {seq} 行）备份到 {path}；备份副本已校验。</translation>
    </message>
    <message>
        <source>Only an admin can back up the store.</source>
        <translation>只有管理员可以备份数据库。</translation>
    </message>
    <message>
        <source>The file {path} exists already: choose another name.</source>
        <translation>文件 {path} 已存在：请换一个文件名。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist: plug in the stick or choose another folder.</source>
        <translation>文件夹 {folder} 不存在：请插入 U 盘，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>The disk holding {folder} is full: free some space or use another stick; no backup was written.</source>
        <translation>{folder} 所在的磁盘已满：请释放一些空间或换一个 U 盘；未写入任何备份。</translation>
    </message>
    <message>
        <source>The store is being re-keyed: try the backup again in a moment.</source>
        <translation>数据库正在更换密钥：请稍后再备份。</translation>
    </message>
    <message>
        <source>The backup written to {folder} does not read back whole.</source>
        <translation>写入 {folder} 的备份回读不完整。</translation>
    </message>
    <message>
        <source>The backup {name} does not open or does not verify: nothing was changed.</source>
        <translation>备份 {name} 无法打开或未通过校验：未做任何更改。</translation>
    </message>
    <message>
        <source>The file {name} is not a Bedside backup, or it is damaged: nothing was changed.</source>
        <translation>文件 {name} 不是 Bedside 备份，或已损坏：未做任何更改。</translation>
    </message>
    <message>
        <source>The backup {name} is damaged or cut short (its content does not match its manifest): nothing was changed.</source>
        <translation>备份 {name} 已损坏或不完整（其内容与清单不符）：未做任何更改。</translation>
    </message>
    <message>
        <source>The backup {name} is damaged or cut short (its {member} does not match its manifest): nothing was changed.</source>
        <translation>备份 {name} 已损坏或不完整（其中的 {member} 与清单不符）：未做任何更改。</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <source>A backup is one encrypted file of this laptop&apos;s whole store, with the key slots: the same people&apos;s passwords open it. It is checked before it is called done.</source>
        <translation>备份是本笔记本电脑整个数据库的一个加密文件，包含密钥槽：用同样人员的密码即可打开。备份经核验后才算完成。</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>The USB stick or folder to write the backup to</source>
        <translation>写入备份的 U 盘或文件夹</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Backup progress</source>
        <translation>备份进度</translation>
    </message>
    <message>
        <source>%p% copied</source>
        <translation>已复制 %p%</translation>
    </message>
    <message>
        <source>Remind after days without a backup</source>
        <translation>多少天未备份后提醒</translation>
    </message>
    <message>
        <source>Save reminder</source>
        <translation>保存提醒</translation>
    </message>
    <message>
        <source>Remind the admin after</source>
        <translation>连续</translation>
    </message>
    <message>
        <source>days without a backup</source>
        <translation>天未备份时提醒管理员</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Back up to folder</source>
        <translation>备份到文件夹</translation>
    </message>
    <message>
        <source>Choose the folder or USB stick to back up to.</source>
        <translation>请选择要备份到的文件夹或 U 盘。</translation>
    </message>
    <message>
        <source>The folder {folder} is not there: plug in the stick or choose another folder.</source>
        <translation>文件夹 {folder} 不存在：请插入 U 盘或选择其他文件夹。</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Saved: a reminder after {days} day without a backup.</source>
        <translation>已保存：{days} 天未备份时提醒。</translation>
    </message>
    <message>
        <source>Saved: a reminder after {days} days without a backup.</source>
        <translation>已保存：{days} 天未备份时提醒。</translation>
    </message>
</context>
<context>
    <name>Blinding</name>
    <message>
        <source>A blinded value of {table} is damaged or was moved from another record.</source>
        <translation>{table} 的一个盲态数值已损坏，或是从其他记录移来的。</translation>
    </message>
    <message>
        <source>There is no code-break for kit {kit} sealed to {investigator}: a pharmacist must log in on this device once after you were enrolled.</source>
        <translation>没有为 {investigator} 封存的药盒 {kit} 的揭盲码：在您被登记之后，需要有一位药师在本设备上登录一次。</translation>
    </message>
    <message>
        <source>The code-break for kit {kit} is damaged.</source>
        <translation>药盒 {kit} 的揭盲码已损坏。</translation>
    </message>
</context>
<context>
    <name>Bundle</name>
    <message>
        <source>The bundle is from study {found}, not {wanted}.</source>
        <translation>该数据包来自研究 {found}，而不是 {wanted}。</translation>
    </message>
    <message>
        <source>The bundle is from site {found}, not {wanted}.</source>
        <translation>该数据包来自研究中心 {found}，而不是 {wanted}。</translation>
    </message>
    <message>
        <source>The bundle is from device {found}, not {wanted}.</source>
        <translation>该数据包来自设备 {found}，而不是 {wanted}。</translation>
    </message>
    <message>
        <source>{name} is not a bundle file name.</source>
        <translation>{name} 不是数据包文件名。</translation>
    </message>
    <message>
        <source>The bundle is larger than the configured cap.</source>
        <translation>数据包超过了设定的大小上限。</translation>
    </message>
    <message>
        <source>The bundle cannot be decrypted: {problem}</source>
        <translation>数据包无法解密：{problem}</translation>
    </message>
    <message>
        <source>The archive&apos;s dates differ from the manifest.</source>
        <translation>归档中的日期与清单不一致。</translation>
    </message>
    <message>
        <source>manifest.sig was made for another bundle.</source>
        <translation>manifest.sig 是为另一个数据包生成的。</translation>
    </message>
    <message>
        <source>File name, signature and manifest disagree.</source>
        <translation>文件名、签名和清单三者不一致。</translation>
    </message>
    <message>
        <source>The signature file is not beside its bundle.</source>
        <translation>签名文件不在其数据包旁边。</translation>
    </message>
    <message>
        <source>{name} is larger than the cap of {cap} bytes.</source>
        <translation>{name} 超过了 {cap} 字节的上限。</translation>
    </message>
    <message>
        <source>The signature file is not UTF-8 text.</source>
        <translation>签名文件不是 UTF-8 文本。</translation>
    </message>
    <message>
        <source>The signature is not in minisign format: {problem}</source>
        <translation>签名不是 minisign 格式：{problem}</translation>
    </message>
    <message>
        <source>The signature file was not written by Bedside.</source>
        <translation>签名文件不是由 Bedside 写入的。</translation>
    </message>
    <message>
        <source>The signature&apos;s trusted comment is not a Bedside one.</source>
        <translation>签名的可信注释不是 Bedside 的格式。</translation>
    </message>
    <message>
        <source>The bundle file does not match its signature.</source>
        <translation>数据包文件与其签名不符。</translation>
    </message>
    <message>
        <source>{what} does not match its signature.</source>
        <translation>{what} 与其签名不符。</translation>
    </message>
    <message>
        <source>Members {members} are not both listed and present.</source>
        <translation>成员 {members} 未同时在清单中列出并实际存在。</translation>
    </message>
    <message>
        <source>{member} differs from the manifest&apos;s hash.</source>
        <translation>{member} 与清单中的哈希值不符。</translation>
    </message>
    <message>
        <source>manifest.json is larger than the cap.</source>
        <translation>manifest.json 超过了大小上限。</translation>
    </message>
    <message>
        <source>manifest.json is not valid JSON.</source>
        <translation>manifest.json 不是有效的 JSON。</translation>
    </message>
    <message>
        <source>manifest.json is not canonical.</source>
        <translation>manifest.json 不是规范格式。</translation>
    </message>
    <message>
        <source>manifest.json is not an object.</source>
        <translation>manifest.json 不是一个对象。</translation>
    </message>
    <message>
        <source>The decrypted archive is refused: {problem}</source>
        <translation>解密后的归档被拒绝：{problem}</translation>
    </message>
    <message>
        <source>The decrypted archive is refused: it does not hold manifest.json, manifest.sig, then members by name.</source>
        <translation>解密后的归档被拒绝：其内容不是依次为 manifest.json、manifest.sig、再按名称排列的成员。</translation>
    </message>
    <message>
        <source>its length is not whole 512-byte blocks within the cap.</source>
        <translation>其长度不是上限以内的整数个 512 字节块。</translation>
    </message>
    <message>
        <source>it contains a link.</source>
        <translation>其中包含链接。</translation>
    </message>
    <message>
        <source>it contains an entry that is not a plain file.</source>
        <translation>其中包含不是普通文件的条目。</translation>
    </message>
    <message>
        <source>a header is malformed.</source>
        <translation>有一个文件头格式错误。</translation>
    </message>
    <message>
        <source>the name {name} is not allowed (no &apos;/&apos;, &apos;..&apos; or odd characters).</source>
        <translation>名称 {name} 不允许使用（不能含 &apos;/&apos;、&apos;..&apos; 或异常字符）。</translation>
    </message>
    <message>
        <source>{name} appears twice.</source>
        <translation>{name} 出现了两次。</translation>
    </message>
    <message>
        <source>the header of {name} is not one Bedside writes.</source>
        <translation>{name} 的文件头不是 Bedside 写入的格式。</translation>
    </message>
    <message>
        <source>it has too many members.</source>
        <translation>其中成员过多。</translation>
    </message>
    <message>
        <source>{name} is truncated or badly padded.</source>
        <translation>{name} 被截断或填充错误。</translation>
    </message>
    <message>
        <source>it does not end with exactly two empty blocks.</source>
        <translation>其结尾不是恰好两个空块。</translation>
    </message>
    <message>
        <source>its members have different dates.</source>
        <translation>其成员的日期各不相同。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>At least 8 characters. A short phrase is easier to type in gloves than a jumble, for example “green kettle 42”.</source>
        <translation>至少 8 个字符。戴着手套时，输入一句短语比输入一串乱码更容易，例如“green kettle 42”。</translation>
    </message>
    <message>
        <source>Bedside — choose a new password</source>
        <translation>Bedside — 设置新密码</translation>
    </message>
    <message>
        <source>{name}, your password is temporary: choose your own before you start.</source>
        <translation>{name}，您的密码是临时密码：开始工作前请设置您自己的密码。</translation>
    </message>
    <message>
        <source>{name}, choose a new password.</source>
        <translation>{name}，请设置新密码。</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The two new passwords are not the same: type them again.</source>
        <translation>两次输入的新密码不一致：请重新输入。</translation>
    </message>
    <message>
        <source>Choose a new password, not the one you have now.</source>
        <translation>请设置一个新密码，不能与当前密码相同。</translation>
    </message>
    <message>
        <source>The current password is not right: type it again.</source>
        <translation>当前密码不正确：请重新输入。</translation>
    </message>
</context>
<context>
    <name>ChartCanvas</name>
    <message>
        <source>threshold {value}</source>
        <translation>阈值 {value}</translation>
    </message>
    <message>
        <source>Days since day 0</source>
        <translation>第 0 天起的天数</translation>
    </message>
    <message>
        <source>Days since first data</source>
        <translation>首次数据起的天数</translation>
    </message>
</context>
<context>
    <name>ChoiceField</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ConMedForm</name>
    <message>
        <source>Oral</source>
        <translation>口服</translation>
    </message>
    <message>
        <source>Intravenous</source>
        <translation>静脉</translation>
    </message>
    <message>
        <source>Intramuscular</source>
        <translation>肌内</translation>
    </message>
    <message>
        <source>Subcutaneous</source>
        <translation>皮下</translation>
    </message>
    <message>
        <source>Inhaled</source>
        <translation>吸入</translation>
    </message>
    <message>
        <source>Nasogastric tube</source>
        <translation>鼻饲管</translation>
    </message>
    <message>
        <source>Topical</source>
        <translation>外用</translation>
    </message>
    <message>
        <source>Rectal</source>
        <translation>直肠</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Include the conventional COVID-19 treatment every participant receives.</source>
        <translation>请包括每位受试者均接受的新冠肺炎常规治疗。</translation>
    </message>
    <message>
        <source>Concomitant medication</source>
        <translation>合并用药</translation>
    </message>
    <message>
        <source>&amp;Medication</source>
        <translation>药物(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Dose</source>
        <translation>剂量(&amp;D)</translation>
    </message>
    <message>
        <source>Dose &amp;unit</source>
        <translation>剂量单位(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Route</source>
        <translation>给药途径(&amp;R)</translation>
    </message>
    <message>
        <source>For example: once daily, every 8 h, single dose.</source>
        <translation>例如：每日一次、每 8 h 一次、单次给药。</translation>
    </message>
    <message>
        <source>&amp;Frequency</source>
        <translation>频次(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Started on</source>
        <translation>开始日期(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;topped on</source>
        <translation>停止日期(&amp;T)</translation>
    </message>
    <message>
        <source>Ongoing</source>
        <translation>持续中</translation>
    </message>
    <message>
        <source>Still &amp;given</source>
        <translation>仍在使用(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Indication</source>
        <translation>适应症(&amp;I)</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>治疗</translation>
    </message>
    <message>
        <source>Part of the &amp;conventional treatment</source>
        <translation>属于常规治疗(&amp;C)</translation>
    </message>
    <message>
        <source>Started on</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Stopped on</source>
        <translation>停止日期</translation>
    </message>
</context>
<context>
    <name>ConMedRecords</name>
    <message>
        <source>That medication no longer exists: open the participant again.</source>
        <translation>该用药记录已不存在：请重新打开该受试者。</translation>
    </message>
</context>
<context>
    <name>ConMeds</name>
    <message>
        <source>Oral</source>
        <translation>口服</translation>
    </message>
    <message>
        <source>Intravenous</source>
        <translation>静脉</translation>
    </message>
    <message>
        <source>Intramuscular</source>
        <translation>肌内</translation>
    </message>
    <message>
        <source>Subcutaneous</source>
        <translation>皮下</translation>
    </message>
    <message>
        <source>Inhaled</source>
        <translation>吸入</translation>
    </message>
    <message>
        <source>Nasogastric tube</source>
        <translation>鼻胃管</translation>
    </message>
    <message>
        <source>Topical</source>
        <translation>外用</translation>
    </message>
    <message>
        <source>Rectal</source>
        <translation>直肠</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Keep this to {count} characters.</source>
        <translation>请控制在 {count} 个字符以内。</translation>
    </message>
    <message>
        <source>Name the medication.</source>
        <translation>请填写药物名称。</translation>
    </message>
    <message>
        <source>Type the dose as a number, such as 500 or 0,5.</source>
        <translation>请以数字输入剂量，例如 500 或 0,5。</translation>
    </message>
    <message>
        <source>The dose must be above 0 and at most 100000.</source>
        <translation>剂量必须大于 0 且不超过 100000。</translation>
    </message>
    <message>
        <source>Give the dose&apos;s unit.</source>
        <translation>请填写剂量单位。</translation>
    </message>
    <message>
        <source>Choose a unit from the list.</source>
        <translation>请从列表中选择单位。</translation>
    </message>
    <message>
        <source>Choose a route from the list.</source>
        <translation>请从列表中选择给药途径。</translation>
    </message>
    <message>
        <source>Record when the medication was started.</source>
        <translation>请记录开始用药的日期。</translation>
    </message>
    <message>
        <source>This date is in the future: check it.</source>
        <translation>该日期在将来：请检查。</translation>
    </message>
    <message>
        <source>An ongoing medication has no stop date: clear it or untick ongoing.</source>
        <translation>正在使用的药物没有停药日期：请清除停药日期，或取消勾选“仍在使用”。</translation>
    </message>
    <message>
        <source>The medication cannot stop before it started: check the dates.</source>
        <translation>停药日期不能早于开始日期：请检查日期。</translation>
    </message>
</context>
<context>
    <name>DemoNotice</name>
    <message>
        <source>This is a demo store with fictional participants, for trying Bedside only. Log in as (user / password): {names}.</source>
        <translation>这是一个演示数据库，其中的受试者均为虚构，仅供试用 Bedside。可用以下账号登录（用户名 / 密码）：{names}。</translation>
    </message>
    <message>
        <source>Demo accounts</source>
        <translation>演示账号</translation>
    </message>
</context>
<context>
    <name>DispositionForm</name>
    <message>
        <source>Discharged</source>
        <translation>出院</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Died</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>Date of death</source>
        <translation>死亡日期</translation>
    </message>
    <message>
        <source>Date of withdrawal</source>
        <translation>退出日期</translation>
    </message>
    <message>
        <source>Date completed</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <source>Date of discharge</source>
        <translation>出院日期</translation>
    </message>
    <message>
        <source>Discharged from hospital (follow-up continues)</source>
        <translation>出院（继续随访）</translation>
    </message>
    <message>
        <source>Completed the study</source>
        <translation>完成研究</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>结局去向</translation>
    </message>
    <message>
        <source>New disposition</source>
        <translation>新的结局去向</translation>
    </message>
    <message>
        <source>How the participant&apos;s time on the study ended.</source>
        <translation>受试者在研究中的参与如何结束。</translation>
    </message>
    <message>
        <source>&amp;What happened</source>
        <translation>发生了什么(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <source>Required for a withdrawal (e.g. consent withdrawn, lost to follow-up).</source>
        <translation>退出时必填（例如撤回知情同意、失访）。</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>A discharge keeps the participant in follow-up: the status does not change.</source>
        <translation>出院后受试者仍在随访中：状态不变。</translation>
    </message>
    <message>
        <source>Saving sets the participant&apos;s status to {status}.</source>
        <translation>保存后受试者状态将设为{status}。</translation>
    </message>
    <message>
        <source>The death counts for the mortality outcome.</source>
        <translation>该死亡计入死亡率结局。</translation>
    </message>
    <message>
        <source>Choose what happened.</source>
        <translation>请选择发生了什么。</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>Drafts</name>
    <message>
        <source>screening details</source>
        <translation>筛选信息</translation>
    </message>
    <message>
        <source>eligibility checklist</source>
        <translation>入选资格核查表</translation>
    </message>
    <message>
        <source>oxygenation</source>
        <translation>氧合</translation>
    </message>
    <message>
        <source>vital signs</source>
        <translation>生命体征</translation>
    </message>
    <message>
        <source>laboratory results</source>
        <translation>实验室检查结果</translation>
    </message>
    <message>
        <source>chest imaging</source>
        <translation>胸部影像</translation>
    </message>
    <message>
        <source>WHO scale score</source>
        <translation>WHO 量表评分</translation>
    </message>
    <message>
        <source>symptoms</source>
        <translation>症状</translation>
    </message>
    <message>
        <source>nucleic acid test</source>
        <translation>核酸检测</translation>
    </message>
    <message>
        <source>disposition</source>
        <translation>受试者去向</translation>
    </message>
    <message>
        <source>Your unsaved {what} for {participant} wait for you: tap here to go back to them.</source>
        <translation>您为 {participant} 填写的{what}尚未保存：点此返回继续填写。</translation>
    </message>
    <message>
        <source>Your unsaved {what} for a participant wait for you: tap here to go back to them.</source>
        <translation>您为一名受试者填写的{what}尚未保存：点此返回继续填写。</translation>
    </message>
    <message>
        <source>Your unsaved entries for {participant} wait for you: tap here to go back to them.</source>
        <translation>您为 {participant} 填写的内容尚未保存：点此返回继续填写。</translation>
    </message>
    <message>
        <source>Your unsaved entries for a participant wait for you: tap here to go back to them.</source>
        <translation>您为一名受试者填写的内容尚未保存：点此返回继续填写。</translation>
    </message>
</context>
<context>
    <name>DueCard</name>
    <message>
        <source>OVERDUE</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>待完成</translation>
    </message>
    <message>
        <source> · kit {kit}</source>
        <translation> · 药盒 {kit}</translation>
    </message>
    <message>
        <source>{participant}, {status}, {flag}: {reason}</source>
        <translation>{participant}，{status}，{flag}：{reason}</translation>
    </message>
</context>
<context>
    <name>Eligibility</name>
    <message>
        <source>Enter the assessment date.</source>
        <translation>请填写评估日期。</translation>
    </message>
    <message>
        <source>The assessment date is in the future.</source>
        <translation>评估日期在将来。</translation>
    </message>
    <message>
        <source>The date of birth is after the assessment date.</source>
        <translation>出生日期晚于评估日期。</translation>
    </message>
    <message>
        <source>The date of birth gives an age above 130.</source>
        <translation>按出生日期计算年龄超过 130 岁。</translation>
    </message>
    <message>
        <source>RT-PCR sample</source>
        <translation>RT-PCR 采样</translation>
    </message>
    <message>
        <source>CT scan</source>
        <translation>CT 检查</translation>
    </message>
    <message>
        <source>The {label} date is after the assessment date.</source>
        <translation>{label}日期晚于评估日期。</translation>
    </message>
    <message>
        <source>Enter the date of the {label}.</source>
        <translation>请填写{label}的日期。</translation>
    </message>
    <message>
        <source>Keep the CT finding under {max} characters.</source>
        <translation>CT 表现请控制在 {max} 个字符以内。</translation>
    </message>
    <message>
        <source>That is too long to be a number.</source>
        <translation>内容过长，不是有效数字。</translation>
    </message>
    <message>
        <source>That blood gas is not one of this participant&apos;s.</source>
        <translation>该血气结果不属于此受试者。</translation>
    </message>
    <message>
        <source>The blood gas is after the assessment date.</source>
        <translation>血气日期晚于评估日期。</translation>
    </message>
    <message>
        <source>The blood gas is {days} days older than the assessment: please confirm it still describes the patient.</source>
        <translation>血气结果比评估早 {days} 天：请确认它仍能反映患者目前的情况。</translation>
    </message>
    <message>
        <source>{key} is not a yes/no criterion of this protocol.</source>
        <translation>{key} 不是本方案的是/否判断标准。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot enter study data.</source>
        <translation>您的角色（{role}）不能录入研究数据。</translation>
    </message>
    <message>
        <source>There is no participant {participant}.</source>
        <translation>不存在受试者 {participant}。</translation>
    </message>
    <message>
        <source>That eligibility assessment is not this participant&apos;s.</source>
        <translation>该入选资格评估不属于此受试者。</translation>
    </message>
    <message>
        <source>There is no eligibility assessment {assessment}.</source>
        <translation>不存在入选资格评估 {assessment}。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot sign eligibility.</source>
        <translation>您的角色（{role}）不能签名入选资格评估。</translation>
    </message>
    <message>
        <source>{verdict} Record it all before signing.</source>
        <translation>{verdict}签名前请全部记录。</translation>
    </message>
    <message>
        <source>This assessment is already signed.</source>
        <translation>该评估已签名。</translation>
    </message>
    <message>
        <source>The evidence changed since this checklist was signed ({what}): correct the checklist and save it again before signing.</source>
        <translation>该核查表签名后依据已发生变化（{what}）：签名前请更正核查表并重新保存。</translation>
    </message>
    <message>
        <source>This checklist was filled in under another version of the protocol: check the answers and save it again before signing.</source>
        <translation>该核查表是按另一版本的方案填写的：签名前请检查答案并重新保存。</translation>
    </message>
</context>
<context>
    <name>EligibilityReview</name>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>the blood gas it used no longer has a P/F ratio</source>
        <translation>所用的血气结果已不再有 P/F 比值</translation>
    </message>
    <message>
        <source>P/F of the blood gas it used changed from {was} to {now} mmHg</source>
        <translation>所用血气结果的 P/F 由 {was} 变为 {now} mmHg</translation>
    </message>
    <message>
        <source>date of birth changed from {was} to {now}</source>
        <translation>出生日期由 {was} 变为 {now}</translation>
    </message>
</context>
<context>
    <name>EligibilityWizard</name>
    <message>
        <source>Assessment date</source>
        <translation>评估日期</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>RT-PCR sample date</source>
        <translation>RT-PCR 采样日期</translation>
    </message>
    <message>
        <source>CT date</source>
        <translation>CT 检查日期</translation>
    </message>
    <message>
        <source>No blood gas chosen</source>
        <translation>未选择血气结果</translation>
    </message>
    <message>
        <source>‹ &amp;Back</source>
        <translation>‹ 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next ›</source>
        <translation>下一步 ›(&amp;N)</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>exclusion</source>
        <translation>排除标准</translation>
    </message>
    <message>
        <source>inclusion</source>
        <translation>入选标准</translation>
    </message>
    <message>
        <source>&lt;b&gt;{id}&lt;/b&gt; ({kind}): {text}</source>
        <translation>&lt;b&gt;{id}&lt;/b&gt;（{kind}）：{text}</translation>
    </message>
    <message>
        <source>Chinese wording: to be checked against the Chinese protocol.</source>
        <translation>中文表述：为开发团队译文，须与中文版方案核对。</translation>
    </message>
    <message>
        <source>Assessment date and age</source>
        <translation>评估日期与年龄</translation>
    </message>
    <message>
        <source>Assessment &amp;date</source>
        <translation>评估日期(&amp;D)</translation>
    </message>
    <message>
        <source>Date of b&amp;irth</source>
        <translation>出生日期(&amp;I)</translation>
    </message>
    <message>
        <source>From the screening log; the age is counted on the assessment date.</source>
        <translation>取自筛选记录；年龄按评估日期计算。</translation>
    </message>
    <message>
        <source>Infection and imaging</source>
        <translation>感染与影像学</translation>
    </message>
    <message>
        <source>RT-PCR &amp;sample date</source>
        <translation>RT-PCR 采样日期(&amp;S)</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <source>RT-PCR &amp;result</source>
        <translation>RT-PCR 结果(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;CT date</source>
        <translation>CT 检查日期(&amp;C)</translation>
    </message>
    <message>
        <source>Characteristic</source>
        <translation>符合特征</translation>
    </message>
    <message>
        <source>Not characteristic</source>
        <translation>不符合特征</translation>
    </message>
    <message>
        <source>CT &amp;finding is</source>
        <translation>CT 表现(&amp;F)</translation>
    </message>
    <message>
        <source>CT finding (&amp;words)</source>
        <translation>CT 所见（文字描述）(&amp;W)</translation>
    </message>
    <message>
        <source>Consent and exclusions</source>
        <translation>知情同意与排除标准</translation>
    </message>
    <message>
        <source>For an exclusion, Yes means the exclusion applies to this patient.</source>
        <translation>对于排除标准，“是”表示该患者符合此排除标准。</translation>
    </message>
    <message>
        <source>{id}: answer</source>
        <translation>{id}：回答</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>病情严重程度</translation>
    </message>
    <message>
        <source>Any one sign is enough. Leave a sign blank if it was not measured.</source>
        <translation>满足任意一项即可。未测量的指标请留空。</translation>
    </message>
    <message>
        <source>&amp;Respiratory rate</source>
        <translation>呼吸频率(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;SpO₂ at rest</source>
        <translation>静息 SpO₂(&amp;S)</translation>
    </message>
    <message>
        <source>At rest, as the criterion asks.</source>
        <translation>按标准要求，在静息状态下测量。</translation>
    </message>
    <message>
        <source>&amp;Blood gas (P/F)</source>
        <translation>血气分析（P/F）(&amp;B)</translation>
    </message>
    <message>
        <source>A saved blood gas with its FiO₂; record one in the oxygenation form.</source>
        <translation>已保存且记录了 FiO₂ 的血气结果；请在氧合表单中录入。</translation>
    </message>
    <message>
        <source>Verdict and signature</source>
        <translation>结论与签名</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Failing criteria</source>
        <translation>未满足的标准</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Your password, to sign</source>
        <translation>输入您的密码以签名</translation>
    </message>
    <message>
        <source>Each criterion</source>
        <translation>各项标准</translation>
    </message>
    <message>
        <source>{when} — P/F {ratio} mmHg</source>
        <translation>{when} — P/F {ratio} mmHg</translation>
    </message>
    <message>
        <source>You are changing a signed eligibility checklist: the signature becomes void and an investigator must sign it again.</source>
        <translation>您正在修改已签名的入选资格核查表：原签名将作废，须由研究者重新签名。</translation>
    </message>
    <message>
        <source>You are changing an eligibility checklist that was already saved.</source>
        <translation>您正在修改已保存的入选资格核查表。</translation>
    </message>
    <message>
        <source>{age} completed years on {on}</source>
        <translation>{on} 时满 {age} 周岁</translation>
    </message>
    <message>
        <source>, FiO₂ read at {time}</source>
        <translation>，FiO₂ 读取于 {time}</translation>
    </message>
    <message>
        <source>Blood gas of {when}{fio2_at}: P/F {ratio} mmHg ({band}). {context}.</source>
        <translation>{when} 的血气结果{fio2_at}：P/F {ratio} mmHg（{band}）。{context}。</translation>
    </message>
    <message>
        <source>Type your password, then press Enter or Sign.</source>
        <translation>请输入密码，然后按回车键或点击“签名”。</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Something went wrong inside Bedside (reference {reference}). What you saved before is safe. Tell the data manager this reference.</source>
        <translation>Bedside 内部出现错误（编号 {reference}）。您之前保存的数据是安全的。请将此编号告知数据管理员。</translation>
    </message>
    <message>
        <source>Bedside — problem</source>
        <translation>Bedside — 出现问题</translation>
    </message>
    <message>
        <source>Bedside</source>
        <translation>Bedside</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>错误信息</translation>
    </message>
</context>
<context>
    <name>FiO2</name>
    <message>
        <source>room air</source>
        <translation>室内空气</translation>
    </message>
    <message>
        <source>nasal cannula</source>
        <translation>鼻导管</translation>
    </message>
    <message>
        <source>simple face mask</source>
        <translation>普通面罩</translation>
    </message>
    <message>
        <source>mask with reservoir (non-rebreather)</source>
        <translation>储氧面罩（非重复呼吸）</translation>
    </message>
    <message>
        <source>Venturi mask</source>
        <translation>文丘里面罩</translation>
    </message>
    <message>
        <source>high-flow nasal cannula</source>
        <translation>经鼻高流量氧疗</translation>
    </message>
    <message>
        <source>NIV/CPAP</source>
        <translation>无创通气/CPAP</translation>
    </message>
    <message>
        <source>invasive ventilator</source>
        <translation>有创呼吸机</translation>
    </message>
    <message>
        <source>FiO₂ is a fraction: did you mean {fraction}?</source>
        <translation>FiO₂ 是小数：您是指 {fraction} 吗？</translation>
    </message>
    <message>
        <source>FiO₂ must be a fraction between 0.21 (room air) and 1.00.</source>
        <translation>FiO₂ 必须是 0.21（室内空气）至 1.00 之间的小数。</translation>
    </message>
    <message>
        <source>FiO₂ here is a percentage: did you mean {percent} %?</source>
        <translation>此处 FiO₂ 为百分比：您是指 {percent} % 吗？</translation>
    </message>
    <message>
        <source>FiO₂ must be a percentage between 21 (room air) and 100.</source>
        <translation>FiO₂ 必须是 21（室内空气）至 100 之间的百分比。</translation>
    </message>
    <message>
        <source>{field} must be one of {choices}.</source>
        <translation>{field} 必须是以下之一：{choices}。</translation>
    </message>
    <message>
        <source>Oxygen flow must be between 0 and {high} L/min.</source>
        <translation>氧流量必须在 0 至 {high} L/min 之间。</translation>
    </message>
    <message>
        <source>On room air FiO₂ is 0.21.</source>
        <translation>吸室内空气时 FiO₂ 为 0.21。</translation>
    </message>
    <message>
        <source>FiO₂ {fraction} set or measured on {device}.</source>
        <translation>FiO₂ {fraction}，为{device}上设定或测得的值。</translation>
    </message>
    <message>
        <source>Room air has no oxygen flow: choose the device.</source>
        <translation>室内空气没有氧流量：请选择给氧装置。</translation>
    </message>
    <message>
        <source>Room air: FiO₂ 0.21.</source>
        <translation>室内空气：FiO₂ 0.21。</translation>
    </message>
    <message>
        <source>FiO₂ on a {device} is set on the device: record the set value, not an estimate.</source>
        <translation>{device}的 FiO₂ 在装置上设定：请记录设定值，而不是估算值。</translation>
    </message>
    <message>
        <source>The protocol gives no FiO₂ estimate for a {device}: record a measured FiO₂.</source>
        <translation>方案未给出{device}的 FiO₂ 估算值：请记录实测 FiO₂。</translation>
    </message>
    <message>
        <source>Enter the oxygen flow in L/min for the {device}.</source>
        <translation>请输入{device}的氧流量（L/min）。</translation>
    </message>
    <message>
        <source>An FiO₂ can be estimated for a {device} only from {low} to {high} L/min: record a measured FiO₂.</source>
        <translation>{device}只能在 {low} 至 {high} L/min 范围内估算 FiO₂：请记录实测 FiO₂。</translation>
    </message>
    <message>
        <source>FiO₂ {fraction} estimated from {device} at {flow} L/min by the protocol table (the table stops at {last} L/min, so the estimate is capped).</source>
        <translation>FiO₂ {fraction}，按方案表由{device} {flow} L/min 估算（表格最高至 {last} L/min，故估算值已封顶）。</translation>
    </message>
    <message>
        <source>FiO₂ {fraction} estimated from {device} at {flow} L/min by the protocol table.</source>
        <translation>FiO₂ {fraction}，按方案表由{device} {flow} L/min 估算。</translation>
    </message>
    <message>
        <source>Room air takes no oxygen flow: leave the flow blank, or choose the device.</source>
        <translation>室内空气没有氧流量：请将流量留空，或选择给氧装置。</translation>
    </message>
    <message>
        <source>A {device} delivers at most {high} L/min: at {flow} L/min record a {other} instead, or check the flow.</source>
        <translation>{device}最多提供 {high} L/min：{flow} L/min 时请改为记录{other}，或检查流量。</translation>
    </message>
    <message>
        <source>A {device} delivers {low}–{high} L/min, not {flow} L/min: check the flow.</source>
        <translation>{device}提供 {low}–{high} L/min，而不是 {flow} L/min：请检查流量。</translation>
    </message>
    <message>
        <source>{flow} L/min is unusual on a {device} (expected {usual}): please confirm.</source>
        <translation>{device}使用 {flow} L/min 不常见（通常为 {usual}）：请确认。</translation>
    </message>
</context>
<context>
    <name>FieldRow</name>
    <message>
        <source>The value is right</source>
        <translation>数值无误</translation>
    </message>
    <message>
        <source>{label}: the value is right</source>
        <translation>{label}：数值无误</translation>
    </message>
    <message>
        <source>About {label}</source>
        <translation>关于{label}</translation>
    </message>
    <message>
        <source>Message about {label}</source>
        <translation>关于{label}的提示</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>{name} is larger than {cap} bytes.</source>
        <translation>{name} 超过了 {cap} 字节。</translation>
    </message>
    <message>
        <source>{name} is gone.</source>
        <translation>{name} 已不存在。</translation>
    </message>
    <message>
        <source>{name} is a symbolic link: it was not read.</source>
        <translation>{name} 是符号链接：未读取。</translation>
    </message>
    <message>
        <source>{name} is unreadable ({problem}): it was not read.</source>
        <translation>{name} 无法读取（{problem}）：未读取。</translation>
    </message>
    <message>
        <source>{name} is a directory: it was not read.</source>
        <translation>{name} 是文件夹：未读取。</translation>
    </message>
    <message>
        <source>{name} is not a regular file: it was not read.</source>
        <translation>{name} 不是普通文件：未读取。</translation>
    </message>
    <message>
        <source>{name} could not be read ({problem}).</source>
        <translation>无法读取 {name}（{problem}）。</translation>
    </message>
</context>
<context>
    <name>FormWidget</name>
    <message>
        <source>Nothing changed: nothing was saved.</source>
        <translation>没有任何更改：未保存。</translation>
    </message>
    <message>
        <source>Monitors can read but not change records.</source>
        <translation>监查员可以查看但不能更改记录。</translation>
    </message>
    <message>
        <source>Your role ({role}) can read but not change records.</source>
        <translation>您的角色（{role}）可以查看但不能更改记录。</translation>
    </message>
    <message>
        <source>Messages about the whole form</source>
        <translation>关于整个表单的提示</translation>
    </message>
    <message>
        <source>Why the form was not saved</source>
        <translation>表单未保存的原因</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Why this form cannot be changed</source>
        <translation>此表单不能更改的原因</translation>
    </message>
    <message>
        <source>You are changing a record that was already saved.</source>
        <translation>您正在更改一条已保存的记录。</translation>
    </message>
    <message>
        <source>Not saved: correct the entries marked in red.</source>
        <translation>未保存：请更正标红的内容。</translation>
    </message>
    <message>
        <source>Not saved: tick “The value is right” beside each value marked in amber.</source>
        <translation>未保存：请在每个标为琥珀色的数值旁勾选“数值无误”。</translation>
    </message>
    <message>
        <source>Saved at {time}</source>
        <translation>已于 {time} 保存</translation>
    </message>
</context>
<context>
    <name>ImagingForm</name>
    <message>
        <source>CT</source>
        <translation>CT</translation>
    </message>
    <message>
        <source>Chest X-ray</source>
        <translation>胸部 X 线</translation>
    </message>
    <message>
        <source>Chest imaging</source>
        <translation>胸部影像</translation>
    </message>
    <message>
        <source>New image</source>
        <translation>新的影像</translation>
    </message>
    <message>
        <source>&amp;Imaged on</source>
        <translation>检查日期(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Lesion extent</source>
        <translation>病灶范围(&amp;L)</translation>
    </message>
    <message>
        <source>Share of the lungs affected, as the report gives it.</source>
        <translation>受累肺部所占比例，按报告填写。</translation>
    </message>
    <message>
        <source>&amp;Finding</source>
        <translation>影像所见(&amp;F)</translation>
    </message>
    <message>
        <source>As in the report, in one line (at most {count} characters).</source>
        <translation>按报告填写，一行（最多 {count} 个字符）。</translation>
    </message>
    <message>
        <source>Imaged on</source>
        <translation>检查日期</translation>
    </message>
</context>
<context>
    <name>Infusion</name>
    <message>
        <source>Enter the {label}.</source>
        <translation>请填写{label}。</translation>
    </message>
    <message>
        <source>Keep the {label} to {count} characters.</source>
        <translation>{label}请控制在 {count} 个字符以内。</translation>
    </message>
    <message>
        <source>{label} must be above 0 {unit}.</source>
        <translation>{label}必须大于 0 {unit}。</translation>
    </message>
    <message>
        <source>That infusion no longer exists: open the participant again.</source>
        <translation>该输注记录已不存在：请重新打开该受试者。</translation>
    </message>
    <message>
        <source>This infusion has already ended.</source>
        <translation>该输注已结束。</translation>
    </message>
    <message>
        <source>The rate</source>
        <translation>输注速度</translation>
    </message>
    <message>
        <source>line</source>
        <translation>输液通路</translation>
    </message>
    <message>
        <source>site</source>
        <translation>穿刺部位</translation>
    </message>
    <message>
        <source>This participant&apos;s infusion is still running: stop it first.</source>
        <translation>该受试者的输注仍在进行：请先停止输注。</translation>
    </message>
    <message>
        <source>Check the product at the bedside before starting.</source>
        <translation>开始前请在床旁核对研究用品。</translation>
    </message>
    <message>
        <source>There is no released product for this check: check it again.</source>
        <translation>此次核对没有已放行的研究用品：请重新核对。</translation>
    </message>
    <message>
        <source>{field} is not one of the infusion&apos;s vital signs.</source>
        <translation>{field} 不是输注期间记录的生命体征之一。</translation>
    </message>
    <message>
        <source>{code} is not a timepoint of this infusion.</source>
        <translation>{code} 不是本次输注的时间点。</translation>
    </message>
    <message>
        <source>Stop the infusion first: {timepoint} counts from its end.</source>
        <translation>请先停止输注：{timepoint}从输注结束时开始计时。</translation>
    </message>
    <message>
        <source>Say why these vital signs were not taken.</source>
        <translation>请说明未测量这些生命体征的原因。</translation>
    </message>
    <message>
        <source>This timepoint is already recorded: correct it instead.</source>
        <translation>该时间点已记录：请改为更正记录。</translation>
    </message>
    <message>
        <source>Say why the infusion was interrupted.</source>
        <translation>请说明输注中断的原因。</translation>
    </message>
    <message>
        <source>The infusion is already paused: restart it first.</source>
        <translation>输注已暂停：请先恢复输注。</translation>
    </message>
    <message>
        <source>The interruption cannot be before the infusion started.</source>
        <translation>中断时间不能早于输注开始时间。</translation>
    </message>
    <message>
        <source>The infusion is not paused.</source>
        <translation>输注未暂停。</translation>
    </message>
    <message>
        <source>The restart cannot be before the interruption.</source>
        <translation>恢复时间不能早于中断时间。</translation>
    </message>
    <message>
        <source>The volume infused</source>
        <translation>已输注量</translation>
    </message>
    <message>
        <source>The infusion cannot stop before it started.</source>
        <translation>输注停止时间不能早于开始时间。</translation>
    </message>
    <message>
        <source>The infusion cannot stop before it was interrupted.</source>
        <translation>输注停止时间不能早于中断时间。</translation>
    </message>
    <message>
        <source>The protocol has no plausibility range for weight.</source>
        <translation>研究方案没有体重的合理范围。</translation>
    </message>
    <message>
        <source>Enter the weight in kg used for the dose.</source>
        <translation>请输入用于计算剂量的体重（kg）。</translation>
    </message>
    <message>
        <source>The infusion cannot end before it starts.</source>
        <translation>输注的结束时间不能早于开始时间。</translation>
    </message>
    <message>
        <source>The infusion time is out of range.</source>
        <translation>输注时间超出范围。</translation>
    </message>
</context>
<context>
    <name>InfusionAlerts</name>
    <message>
        <source>{who} · {label} vital signs overdue, due at {at} ({late} min ago)</source>
        <translation>{who} · {label}生命体征已超时，应于 {at} 测量（{late} min 前）</translation>
    </message>
    <message>
        <source>{who} · {label} vital signs due now, at {at}</source>
        <translation>{who} · {label}生命体征现在到期，{at}</translation>
    </message>
    <message>
        <source>{who} · {label} vital signs due at {at} (in {minutes} min)</source>
        <translation>{who} · {label}生命体征将于 {at} 到期（{minutes} min 后）</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot change the alert sound.</source>
        <translation>您的角色（{role}）不能更改提示音设置。</translation>
    </message>
</context>
<context>
    <name>InfusionCard</name>
    <message>
        <source>Every check is recorded.</source>
        <translation>所有检查均已记录。</translation>
    </message>
    <message>
        <source>Next: {label}, when the infusion ends</source>
        <translation>下一项：{label}，输注结束时</translation>
    </message>
    <message>
        <source>OVERDUE — {label}</source>
        <translation>已超时 — {label}</translation>
    </message>
    <message>
        <source>Due now — {label}</source>
        <translation>现在到期 — {label}</translation>
    </message>
    <message>
        <source>Next — {label}</source>
        <translation>下一项 — {label}</translation>
    </message>
    <message>
        <source> · check at {time} ({countdown})</source>
        <translation> · {time} 检查（{countdown}）</translation>
    </message>
    <message>
        <source>{who}, {state}. {text}</source>
        <translation>{who}，{state}。{text}</translation>
    </message>
</context>
<context>
    <name>InfusionPanel</name>
    <message>
        <source>running</source>
        <translation>输注中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Infusion</source>
        <translation>输注</translation>
    </message>
    <message>
        <source>Which infusion</source>
        <translation>选择输注</translation>
    </message>
    <message>
        <source>Bedside &amp;product check…</source>
        <translation>床旁研究药物核对(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Interrupt…</source>
        <translation>暂停输注(&amp;I)…</translation>
    </message>
    <message>
        <source>Res&amp;tart…</source>
        <translation>恢复输注(&amp;T)…</translation>
    </message>
    <message>
        <source>St&amp;op infusion…</source>
        <translation>停止输注(&amp;O)…</translation>
    </message>
    <message>
        <source>Infusion status</source>
        <translation>输注状态</translation>
    </message>
    <message>
        <source>Next timed check</source>
        <translation>下一次定时检查</translation>
    </message>
    <message>
        <source>%d %b</source>
        <translation>%m月%d日</translation>
    </message>
    <message>
        <source>Dose {number} · {day} · {state}</source>
        <translation>第 {number} 次给药 · {day} · {state}</translation>
    </message>
    <message>
        <source>No infusion yet: start with the bedside product check.</source>
        <translation>尚无输注：请先进行床旁研究药物核对。</translation>
    </message>
    <message>
        <source> Paused {start}–{end} ({reason}).</source>
        <translation> 暂停 {start}–{end}（{reason}）。</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>{product}: paused, started {start} · {how}.{pauses}</source>
        <translation>{product}：已暂停，{start} 开始 · {how}。{pauses}</translation>
    </message>
    <message>
        <source>{product}: running, started {start} · {how}.{pauses}</source>
        <translation>{product}：输注中，{start} 开始 · {how}。{pauses}</translation>
    </message>
    <message>
        <source> · {volume} mL infused</source>
        <translation> · 已输注 {volume} mL</translation>
    </message>
    <message>
        <source>{product}: stopped early ({reason}), {span}{volume} · {how}.{pauses}</source>
        <translation>{product}：提前停止（{reason}），{span}{volume} · {how}。{pauses}</translation>
    </message>
    <message>
        <source>{product}: completed {span}{volume} · {how}.{pauses}</source>
        <translation>{product}：已完成 {span}{volume} · {how}。{pauses}</translation>
    </message>
    <message>
        <source>Every timed check is recorded or skipped.</source>
        <translation>所有定时检查均已记录或跳过。</translation>
    </message>
    <message>
        <source>Next check: {label}, when the infusion ends.</source>
        <translation>下一次检查：{label}，输注结束时。</translation>
    </message>
    <message>
        <source> — OVERDUE</source>
        <translation> — 已超时</translation>
    </message>
    <message>
        <source>Next check: {label} at {at} ({countdown}){late}.</source>
        <translation>下一次检查：{label}，{at}（{countdown}）{late}。</translation>
    </message>
    <message>
        <source>Paused at</source>
        <translation>暂停时间</translation>
    </message>
    <message>
        <source>Interrupt the infusion</source>
        <translation>暂停输注</translation>
    </message>
    <message>
        <source>Say why the infusion is paused; restart it here when it runs again.</source>
        <translation>请说明暂停输注的原因；重新开始输注时在此处恢复。</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Paused &amp;at</source>
        <translation>暂停时间(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Pause the infusion</source>
        <translation>暂停输注(&amp;P)</translation>
    </message>
    <message>
        <source>Restarted at</source>
        <translation>恢复时间</translation>
    </message>
    <message>
        <source>Restart the infusion</source>
        <translation>恢复输注</translation>
    </message>
    <message>
        <source>The time the infusion ran again.</source>
        <translation>重新开始输注的时间。</translation>
    </message>
    <message>
        <source>Restarted &amp;at</source>
        <translation>恢复时间(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Stopped at</source>
        <translation>停止时间</translation>
    </message>
    <message>
        <source>Stop the infusion</source>
        <translation>停止输注</translation>
    </message>
    <message>
        <source>The time it ended and the volume infused. If it was stopped before the bag was finished, say why.</source>
        <translation>请填写结束时间和已输注量。如在输液袋输完前停止，请说明原因。</translation>
    </message>
    <message>
        <source>Stopped &amp;at</source>
        <translation>停止时间(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Volume infused (mL)</source>
        <translation>已输注量 (mL)(&amp;V)</translation>
    </message>
    <message>
        <source>Stopped &amp;early because</source>
        <translation>提前停止原因(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Stop the infusion</source>
        <translation>停止输注(&amp;S)</translation>
    </message>
    <message>
        <source>Vital signs: {label}</source>
        <translation>生命体征：{label}</translation>
    </message>
    <message>
        <source>Skip: {label}</source>
        <translation>跳过：{label}</translation>
    </message>
    <message>
        <source>Why were these vital signs not taken? The check stays on the record as skipped.</source>
        <translation>为什么未测量这些生命体征？该检查将作为“已跳过”保留在记录中。</translation>
    </message>
    <message>
        <source>S&amp;kip this check</source>
        <translation>跳过此检查(&amp;K)</translation>
    </message>
    <message>
        <source>Stop criteria met</source>
        <translation>符合停止标准</translation>
    </message>
    <message>
        <source>Report an adverse event</source>
        <translation>报告不良事件</translation>
    </message>
</context>
<context>
    <name>InfusionSection</name>
    <message>
        <source>{title} ({count}, {overdue} overdue)</source>
        <translation>{title}（{count} 项，{overdue} 项超时）</translation>
    </message>
    <message>
        <source>{title} ({count})</source>
        <translation>{title}（{count} 项）</translation>
    </message>
</context>
<context>
    <name>InfusionTimepoints</name>
    <message>
        <source>Recorded</source>
        <translation>已记录</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>现在到期</translation>
    </message>
    <message>
        <source>Timepoint</source>
        <translation>时间点</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标时间</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Vital signs</source>
        <translation>生命体征</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>in {span}</source>
        <translation>{span}后</translation>
    </message>
    <message>
        <source>{span} ago</source>
        <translation>{span}前</translation>
    </message>
    <message>
        <source>Skipped: {reason}</source>
        <translation>已跳过：{reason}</translation>
    </message>
    <message>
        <source>at {time}</source>
        <translation>{time} 测量</translation>
    </message>
    <message>
        <source>BP {systolic}/{diastolic} mmHg</source>
        <translation>血压 {systolic}/{diastolic} mmHg</translation>
    </message>
</context>
<context>
    <name>InfusionToday</name>
    <message>
        <source>Infusions in progress</source>
        <translation>正在进行的输注</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>Paused since {time}</source>
        <translation>自 {time} 起暂停</translation>
    </message>
    <message>
        <source>Running since {time}</source>
        <translation>自 {time} 起输注中</translation>
    </message>
    <message>
        <source>Ended {time}, follow-up</source>
        <translation>{time} 已结束，随访检查中</translation>
    </message>
</context>
<context>
    <name>InfusionVitalsForm</name>
    <message>
        <source>Target time {time}.</source>
        <translation>目标时间 {time}。</translation>
    </message>
    <message>
        <source>Vital signs: {label}</source>
        <translation>生命体征：{label}</translation>
    </message>
    <message>
        <source>Measured at: time</source>
        <translation>测量时间：时刻</translation>
    </message>
    <message>
        <source>&amp;Measured on</source>
        <translation>测量日期(&amp;M)</translation>
    </message>
    <message>
        <source>at</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>&amp;Save vital signs</source>
        <translation>保存生命体征(&amp;S)</translation>
    </message>
    <message>
        <source>Measured on</source>
        <translation>测量日期</translation>
    </message>
    <message>
        <source>Measured on: enter the date and time.</source>
        <translation>测量日期：请输入日期和时间。</translation>
    </message>
</context>
<context>
    <name>KeyView</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy: {caption}</source>
        <translation>复制：{caption}</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>KitCode</name>
    <message>
        <source>A kit code has {count} characters: read the label again.</source>
        <translation>药盒编号为 {count} 个字符：请重新读取标签。</translation>
    </message>
    <message>
        <source>A kit code holds only capital letters and digits 2–9, without I, O, B, S or Z: read the label again.</source>
        <translation>药盒编号只含大写字母和数字 2–9，不含 I、O、B、S 或 Z：请重新读取标签。</translation>
    </message>
    <message>
        <source>That kit code&apos;s check character does not match: a character was misread.</source>
        <translation>该药盒编号的校验字符不符：有字符读错了。</translation>
    </message>
</context>
<context>
    <name>LabsForm</name>
    <message>
        <source>Unit…</source>
        <translation>单位…</translation>
    </message>
    <message>
        <source>Laboratory results</source>
        <translation>实验室检查结果</translation>
    </message>
    <message>
        <source>New blood draw</source>
        <translation>新的采血</translation>
    </message>
    <message>
        <source>One blood draw. Leave blank what was not tested.</source>
        <translation>一次采血。未检测的项目留空。</translation>
    </message>
    <message>
        <source>Sampled &amp;on</source>
        <translation>采样时间(&amp;O)</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Type each value as reported (&lt; or &gt; allowed), with its unit and the laboratory&apos;s reference range from the report.</source>
        <translation>按报告填写每个数值（可用 &lt; 或 &gt;），以及报告中的单位和实验室参考范围。</translation>
    </message>
    <message>
        <source>low</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>high</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>{analyte}: unit</source>
        <translation>{analyte}：单位</translation>
    </message>
    <message>
        <source>{analyte}: lowest normal</source>
        <translation>{analyte}：正常下限</translation>
    </message>
    <message>
        <source>{analyte}: highest normal</source>
        <translation>{analyte}：正常上限</translation>
    </message>
    <message>
        <source>normal range</source>
        <translation>正常范围</translation>
    </message>
    <message>
        <source>{day} {time} · {visit} · 1 result</source>
        <translation>{day} {time} · {visit} · 1 项结果</translation>
    </message>
    <message>
        <source>{day} {time} · {visit} · {count} results</source>
        <translation>{day} {time} · {visit} · {count} 项结果</translation>
    </message>
    <message>
        <source>Sampled on</source>
        <translation>采样时间</translation>
    </message>
</context>
<context>
    <name>LockCover</name>
    <message>
        <source>Bedside is locked</source>
        <translation>Bedside 已锁定</translation>
    </message>
    <message>
        <source>Locked at {time}. {name} ({user}): type your password to go back to where you were. Someone else: type your own user name and password.</source>
        <translation>锁定于 {time}。{name}（{user}）：请输入您的密码，回到刚才的位置。其他人员：请输入您自己的用户名和密码。</translation>
    </message>
    <message>
        <source>Anything you had typed but not saved is kept for you, and only for you.</source>
        <translation>您已输入但尚未保存的内容会为您保留，且仅您本人可见。</translation>
    </message>
</context>
<context>
    <name>Login</name>
    <message>
        <source>Too many wrong passwords for {user}: try again in {seconds} s.</source>
        <translation>{user} 的密码错误次数过多：请在 {seconds} 秒后重试。</translation>
    </message>
</context>
<context>
    <name>LoginForm</name>
    <message>
        <source>The user name or password is not right</source>
        <translation>用户名或密码不正确</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>for example nurse.li</source>
        <translation>例如 nurse.li</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Caps Lock is on.</source>
        <translation>大写锁定已开启。</translation>
    </message>
    <message>
        <source>Caps Lock warning</source>
        <translation>大写锁定提示</translation>
    </message>
    <message>
        <source>Login message</source>
        <translation>登录提示</translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Too many wrong passwords for {name}</source>
        <translation>{name} 的密码错误次数过多</translation>
    </message>
    <message>
        <source>The user name or password is not right.</source>
        <translation>用户名或密码不正确。</translation>
    </message>
    <message>
        <source>The account {name} is disabled: ask an admin.</source>
        <translation>账号 {name} 已停用：请联系管理员。</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>现在可以重试。</translation>
    </message>
    <message>
        <source>{reason}: try again in {seconds} s.</source>
        <translation>{reason}：请在 {seconds} 秒后重试。</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <source>Bedside — log in</source>
        <translation>Bedside — 登录</translation>
    </message>
    <message>
        <source>Bedside</source>
        <translation>Bedside</translation>
    </message>
    <message>
        <source>Log in with your own user name and password. Never use someone else’s account.</source>
        <translation>请使用您本人的用户名和密码登录。切勿使用他人的账号。</translation>
    </message>
    <message>
        <source>Data folder: {folder}</source>
        <translation>数据文件夹：{folder}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Allocation</source>
        <translation>药物分配</translation>
    </message>
    <message>
        <source>Only a pharmacist manages the kit list.</source>
        <translation>只有药师可以管理药盒清单。</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>Only an admin manages people and settings.</source>
        <translation>只有管理员可以管理人员和设置。</translation>
    </message>
    <message>
        <source>Your unsaved entries for this participant were put back.</source>
        <translation>您对该受试者未保存的内容已恢复。</translation>
    </message>
    <message>
        <source>{problem} Scan the label again, or type its study ID, screening number or kit code.</source>
        <translation>{problem} 请重新扫描标签，或输入其研究编号、筛选号或药盒编号。</translation>
    </message>
    <message>
        <source>No participant has the code “{code}”. Check the label, or look in Participants.</source>
        <translation>没有受试者的编号为“{code}”。请核对标签，或在“受试者”中查找。</translation>
    </message>
    <message>
        <source>Your password was changed. Use the new one from now on.</source>
        <translation>您的密码已修改。今后请使用新密码。</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>今日(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Participants</source>
        <translation>受试者(&amp;P)</translation>
    </message>
    <message>
        <source>Saf&amp;ety</source>
        <translation>安全性(&amp;E)</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>管理(&amp;A)</translation>
    </message>
    <message>
        <source>nurse</source>
        <translation>护士</translation>
    </message>
    <message>
        <source>investigator</source>
        <translation>研究者</translation>
    </message>
    <message>
        <source>pharmacist</source>
        <translation>药师</translation>
    </message>
    <message>
        <source>monitor</source>
        <translation>监查员</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Scan a barcode</source>
        <translation>扫描条码</translation>
    </message>
    <message>
        <source>Scan or type a study ID, screening no. or kit code</source>
        <translation>扫描或输入研究编号、筛选号或药盒编号</translation>
    </message>
    <message>
        <source>Find (Ctrl+F)</source>
        <translation>查找 (Ctrl+F)</translation>
    </message>
    <message>
        <source>My password</source>
        <translation>我的密码</translation>
    </message>
    <message>
        <source>My language</source>
        <translation>我的语言</translation>
    </message>
    <message>
        <source>The language of your screens</source>
        <translation>您的界面语言</translation>
    </message>
    <message>
        <source>Lock (Ctrl+L)</source>
        <translation>锁定 (Ctrl+L)</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <source>Bedside — {study} — {site}</source>
        <translation>Bedside — {study} — {site}</translation>
    </message>
    <message>
        <source>Unsynced changes: {count}</source>
        <translation>未同步的更改：{count}</translation>
    </message>
    <message>
        <source>Last sync: never</source>
        <translation>上次同步：从未同步</translation>
    </message>
    <message>
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <source>{utc} UTC · {local} local</source>
        <translation>{utc} UTC · 本地 {local}</translation>
    </message>
</context>
<context>
    <name>Months</name>
    <message>
        <source>January</source>
        <translation>1月</translation>
    </message>
    <message>
        <source>February</source>
        <translation>2月</translation>
    </message>
    <message>
        <source>March</source>
        <translation>3月</translation>
    </message>
    <message>
        <source>April</source>
        <translation>4月</translation>
    </message>
    <message>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <source>June</source>
        <translation>6月</translation>
    </message>
    <message>
        <source>July</source>
        <translation>7月</translation>
    </message>
    <message>
        <source>August</source>
        <translation>8月</translation>
    </message>
    <message>
        <source>September</source>
        <translation>9月</translation>
    </message>
    <message>
        <source>October</source>
        <translation>10月</translation>
    </message>
    <message>
        <source>November</source>
        <translation>11月</translation>
    </message>
    <message>
        <source>December</source>
        <translation>12月</translation>
    </message>
</context>
<context>
    <name>ObservationForm</name>
    <message>
        <source>{form}: new or saved</source>
        <translation>{form}：新建或已保存</translation>
    </message>
    <message>
        <source>Showing</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>&amp;Visit</source>
        <translation>访视(&amp;V)</translation>
    </message>
    <message>
        <source>{label}: time</source>
        <translation>{label}：时间</translation>
    </message>
    <message>
        <source>at</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>{label}: enter the date and time.</source>
        <translation>{label}：请输入日期和时间。</translation>
    </message>
    <message>
        <source>{label}: enter the date.</source>
        <translation>{label}：请输入日期。</translation>
    </message>
    <message>
        <source>You are saving a record that was already saved.</source>
        <translation>您正在保存一条已保存的记录。</translation>
    </message>
    <message>
        <source>You are changing:</source>
        <translation>您正在更改：</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
</context>
<context>
    <name>Observations</name>
    <message>
        <source>Your role ({role}) cannot enter study data.</source>
        <translation>您的角色（{role}）不能录入研究数据。</translation>
    </message>
    <message>
        <source>There is no participant {participant}.</source>
        <translation>不存在受试者 {participant}。</translation>
    </message>
    <message>
        <source>That record no longer exists: open the participant again.</source>
        <translation>该记录已不存在：请重新打开该受试者。</translation>
    </message>
    <message>
        <source>The entry was refused.</source>
        <translation>录入未被接受。</translation>
    </message>
    <message>
        <source>{label} must be a number.</source>
        <translation>{label}必须是数字。</translation>
    </message>
    <message>
        <source>{label} must be between {limits}.</source>
        <translation>{label}必须在 {limits} 之间。</translation>
    </message>
    <message>
        <source>The time needs a time zone.</source>
        <translation>时间须带时区。</translation>
    </message>
    <message>
        <source>This time is in the future: check the date and time.</source>
        <translation>该时间在将来：请检查日期和时间。</translation>
    </message>
    <message>
        <source>This date is in the future: check it.</source>
        <translation>该日期在将来：请检查。</translation>
    </message>
    <message>
        <source>Enter a date.</source>
        <translation>请填写日期。</translation>
    </message>
    <message>
        <source>Choose the visit these values belong to.</source>
        <translation>请选择这些数值所属的访视。</translation>
    </message>
    <message>
        <source>Enter at least one measurement.</source>
        <translation>请至少填写一项测量值。</translation>
    </message>
    <message>
        <source>{label} is a whole number.</source>
        <translation>{label}须为整数。</translation>
    </message>
    <message>
        <source>Choose the oxygen device from the list.</source>
        <translation>请从列表中选择给氧装置。</translation>
    </message>
    <message>
        <source>Choose the oxygen device for this flow.</source>
        <translation>请选择该氧流量对应的给氧装置。</translation>
    </message>
    <message>
        <source>Oxygen flow</source>
        <translation>氧流量</translation>
    </message>
    <message>
        <source>On room air FiO₂ is 0.21.</source>
        <translation>吸室内空气时 FiO₂ 为 0.21。</translation>
    </message>
    <message>
        <source>Enter at least one result.</source>
        <translation>请至少填写一项结果。</translation>
    </message>
    <message>
        <source>{code} is not in this study&apos;s panel.</source>
        <translation>{code} 不在本研究的检查项目中。</translation>
    </message>
    <message>
        <source>{test} must be a number (a leading &lt; or &gt; is allowed).</source>
        <translation>{test}必须是数字（前面可加 &lt; 或 &gt;）。</translation>
    </message>
    <message>
        <source>Choose the unit: {units}.</source>
        <translation>请选择单位：{units}。</translation>
    </message>
    <message>
        <source>{unit} is not a unit for {test}: choose {units}.</source>
        <translation>{unit} 不是{test}的单位：请选择 {units}。</translation>
    </message>
    <message>
        <source>The reference limit must be a number, 0 or more.</source>
        <translation>参考范围界值必须是不小于 0 的数字。</translation>
    </message>
    <message>
        <source>The lower reference limit is above the upper one: check both.</source>
        <translation>参考范围下限高于上限：请检查两者。</translation>
    </message>
    <message>
        <source>{shown} is outside the possible range {limits}: check the value and that the unit is {unit}.</source>
        <translation>{shown} 超出可能范围 {limits}：请检查数值，并确认单位为 {unit}。</translation>
    </message>
    <message>
        <source>{shown} is unusual (expected {limits}): please confirm.</source>
        <translation>{shown} 不常见（预期 {limits}）：请确认。</translation>
    </message>
    <message>
        <source>Choose CT or chest X-ray.</source>
        <translation>请选择 CT 或胸部 X 线。</translation>
    </message>
    <message>
        <source>Lesion extent</source>
        <translation>病灶范围</translation>
    </message>
    <message>
        <source>Choose a listed symptom.</source>
        <translation>请选择列表中的症状。</translation>
    </message>
    <message>
        <source>Enter when it started as well.</source>
        <translation>请同时填写开始日期。</translation>
    </message>
    <message>
        <source>It cannot resolve before it started: check both dates.</source>
        <translation>消失日期不能早于开始日期：请检查两个日期。</translation>
    </message>
    <message>
        <source>Choose the specimen from the list.</source>
        <translation>请从列表中选择标本。</translation>
    </message>
    <message>
        <source>Choose positive, negative or indeterminate.</source>
        <translation>请选择阳性、阴性或不确定。</translation>
    </message>
    <message>
        <source>Choose a WHO score from 0 to 10.</source>
        <translation>请选择 0 至 10 的 WHO 评分。</translation>
    </message>
    <message>
        <source>Score 10 means the participant died: record the death as the disposition too.</source>
        <translation>评分 10 表示受试者死亡：请同时将死亡记录为受试者去向。</translation>
    </message>
    <message>
        <source>Choose how participation ended.</source>
        <translation>请选择受试者结束参与的方式。</translation>
    </message>
    <message>
        <source>Give the reason for the withdrawal.</source>
        <translation>请填写退出的原因。</translation>
    </message>
</context>
<context>
    <name>Outcomes</name>
    <message>
        <source>first negative sample</source>
        <translation>首次阴性样本</translation>
    </message>
    <message>
        <source>first of {count} consecutive negatives, at least {hours} h apart</source>
        <translation>连续 {count} 次阴性（间隔至少 {hours} h）中的第一次</translation>
    </message>
    <message>
        <source>Nucleic-acid negativity: {problem}</source>
        <translation>核酸转阴：{problem}</translation>
    </message>
    <message>
        <source>Mortality: {problem}</source>
        <translation>死亡率：{problem}</translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation>结局</translation>
    </message>
    <message>
        <source>Counted from day 0, which is not recorded yet.</source>
        <translation>从第 0 天起计算，但第 0 天尚未记录。</translation>
    </message>
    <message>
        <source>{symptom}: start not recorded</source>
        <translation>{symptom}：未记录开始时间</translation>
    </message>
    <message>
        <source>{symptom}: ongoing since {date}</source>
        <translation>{symptom}：自 {date} 起持续</translation>
    </message>
    <message>
        <source>{symptom}: {days} day</source>
        <translation>{symptom}：{days} 天</translation>
    </message>
    <message>
        <source>{symptom}: {days} days</source>
        <translation>{symptom}：{days} 天</translation>
    </message>
    <message>
        <source>None recorded.</source>
        <translation>无记录。</translation>
    </message>
    <message>
        <source>Not reached yet ({rule}).</source>
        <translation>尚未达到（{rule}）。</translation>
    </message>
    <message>
        <source>Day {day} ({rule}).</source>
        <translation>第 {day} 天（{rule}）。</translation>
    </message>
    <message>
        <source>Died on day {day} ({date}).</source>
        <translation>于第 {day} 天死亡（{date}）。</translation>
    </message>
    <message>
        <source>Alive at day {day}.</source>
        <translation>第 {day} 天存活。</translation>
    </message>
    <message>
        <source>Died after the day.</source>
        <translation>于该日之后死亡。</translation>
    </message>
    <message>
        <source>Not known yet: last known alive on day {day}.</source>
        <translation>尚不明确：最后一次确认存活为第 {day} 天。</translation>
    </message>
    <message>
        <source>Not known yet.</source>
        <translation>尚不明确。</translation>
    </message>
    <message>
        <source>Symptom duration</source>
        <translation>症状持续时间</translation>
    </message>
    <message>
        <source>Nucleic acid negative</source>
        <translation>核酸转阴</translation>
    </message>
    <message>
        <source>Mortality by day {day}</source>
        <translation>第 {day} 天死亡率</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>请核对</translation>
    </message>
</context>
<context>
    <name>Oxygenation</name>
    <message>
        <source>A P/F ratio must be between 0 and 10000.</source>
        <translation>P/F 比值必须在 0 至 10000 之间。</translation>
    </message>
    <message>
        <source>PaO₂ must be above 0 and at most 2000 mmHg.</source>
        <translation>PaO₂ 必须大于 0 且不超过 2000 mmHg。</translation>
    </message>
    <message>
        <source>The FiO₂ was recorded {gap} min from the blood gas; a P/F ratio needs them within {limit} min: record the FiO₂ at the time of the blood gas.</source>
        <translation>FiO₂ 的记录时间与血气相差 {gap} min；计算 P/F 比值要求二者相差不超过 {limit} min：请记录血气采样时的 FiO₂。</translation>
    </message>
    <message>
        <source>The blood gas has no PaO₂ reading.</source>
        <translation>该血气记录没有 PaO₂ 读数。</translation>
    </message>
    <message>
        <source>The blood gas has no FiO₂ reading.</source>
        <translation>该血气记录没有 FiO₂ 读数。</translation>
    </message>
    <message>
        <source>SpO₂ must be above 0 and at most 100 %.</source>
        <translation>SpO₂ 必须大于 0 且不超过 100 %。</translation>
    </message>
    <message>
        <source>An S/F ratio is not valid above SpO₂ 97 %: use a blood-gas P/F ratio instead.</source>
        <translation>SpO₂ 高于 97 % 时 S/F 比值无效：请改用血气 P/F 比值。</translation>
    </message>
    <message>
        <source>{label} is too long to be a number.</source>
        <translation>{label}过长，不是有效数字。</translation>
    </message>
    <message>
        <source>The flow</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>Enter the date and time of the measurement.</source>
        <translation>请填写测量的日期和时间。</translation>
    </message>
    <message>
        <source>The measurement time is in the future.</source>
        <translation>测量时间在将来。</translation>
    </message>
    <message>
        <source>Choose how oxygen is given (room air if none).</source>
        <translation>请选择给氧方式（未吸氧则选室内空气）。</translation>
    </message>
    <message>
        <source>Say whether the SpO₂ was taken at rest.</source>
        <translation>请说明 SpO₂ 是否在静息状态下测得。</translation>
    </message>
    <message>
        <source>Enter an SpO₂, a blood gas (PaO₂), or both.</source>
        <translation>请填写 SpO₂、血气（PaO₂）或两者。</translation>
    </message>
    <message>
        <source>Enter when the FiO₂ was read.</source>
        <translation>请填写读取 FiO₂ 的时间。</translation>
    </message>
    <message>
        <source>{kpa} kPa is {mmhg} mmHg. {message}</source>
        <translation>{kpa} kPa 即 {mmhg} mmHg。{message}</translation>
    </message>
    <message>
        <source>{message} Was it typed in kPa? Then choose kPa.</source>
        <translation>{message}是否以 kPa 输入？如是，请选择 kPa。</translation>
    </message>
    <message>
        <source>A blood gas needs the FiO₂ of that moment: choose set, measured or estimated.</source>
        <translation>血气需要采样当时的 FiO₂：请选择设定值、实测值或估算值。</translation>
    </message>
    <message>
        <source>Choose how the FiO₂ was obtained.</source>
        <translation>请选择 FiO₂ 的获取方式。</translation>
    </message>
    <message>
        <source>Enter the FiO₂ as a fraction, e.g. 0.40.</source>
        <translation>请以小数填写 FiO₂，例如 0.40。</translation>
    </message>
    <message>
        <source>Room air: FiO₂ is 0.21.</source>
        <translation>室内空气：FiO₂ 为 0.21。</translation>
    </message>
    <message>
        <source>On a {device} the FiO₂ is set on the device: record the set (or measured) value.</source>
        <translation>{device}的 FiO₂ 在装置上设定：请记录设定值（或实测值）。</translation>
    </message>
    <message>
        <source>The protocol has no estimate table for a {device}: record a measured FiO₂.</source>
        <translation>方案中没有{device}的估算表：请记录实测 FiO₂。</translation>
    </message>
    <message>
        <source>Estimate for a {device} by the protocol table: {rows}; linear between rows, {top} above {last} L/min, refused above {high} L/min.</source>
        <translation>按方案表估算{device}的 FiO₂：{rows}；两行之间按线性计算，高于 {last} L/min 时为 {top}，高于 {high} L/min 时不予估算。</translation>
    </message>
    <message>
        <source>{pao2} on FiO₂ {fio2} ({source}, {device}{flow})</source>
        <translation>{pao2}，FiO₂ {fio2}（{source}，{device}{flow}）</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot enter study data.</source>
        <translation>您的角色（{role}）不能录入研究数据。</translation>
    </message>
    <message>
        <source>There is no participant {participant}.</source>
        <translation>不存在受试者 {participant}。</translation>
    </message>
    <message>
        <source>That oxygenation record is not this participant&apos;s.</source>
        <translation>该氧合记录不属于此受试者。</translation>
    </message>
    <message>
        <source>There is no oxygenation record {record}.</source>
        <translation>不存在氧合记录 {record}。</translation>
    </message>
</context>
<context>
    <name>OxygenationForm</name>
    <message>
        <source>Set on device</source>
        <translation>设备设定值</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>实测值</translation>
    </message>
    <message>
        <source>Estimated</source>
        <translation>估算值</translation>
    </message>
    <message>
        <source>above 300: outside the Berlin ARDS range</source>
        <translation>高于 300：不在柏林 ARDS 分级范围内</translation>
    </message>
    <message>
        <source>mild (Berlin: &gt; 200 and ≤ 300 mmHg)</source>
        <translation>轻度（柏林标准：&gt; 200 且 ≤ 300 mmHg）</translation>
    </message>
    <message>
        <source>moderate (Berlin: &gt; 100 and ≤ 200 mmHg)</source>
        <translation>中度（柏林标准：&gt; 100 且 ≤ 200 mmHg）</translation>
    </message>
    <message>
        <source>severe (Berlin: ≤ 100 mmHg)</source>
        <translation>重度（柏林标准：≤ 100 mmHg）</translation>
    </message>
    <message>
        <source>Measured at (time)</source>
        <translation>测量时间（时刻）</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>PaO₂ unit</source>
        <translation>PaO₂ 单位</translation>
    </message>
    <message>
        <source>New entry</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <source>Oxygenation</source>
        <translation>氧合</translation>
    </message>
    <message>
        <source>SpO₂, a blood gas, or both, with the oxygen given then.</source>
        <translation>SpO₂、血气分析或两者，并记录当时的给氧情况。</translation>
    </message>
    <message>
        <source>&amp;Measured on</source>
        <translation>测量日期(&amp;M)</translation>
    </message>
    <message>
        <source>at</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Ward clock: the time of the SpO₂ reading or of the blood-gas sample.</source>
        <translation>按病房时钟：SpO₂ 读数或血气采样的时间。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>&amp;Oxygen given by</source>
        <translation>给氧方式(&amp;O)</translation>
    </message>
    <message>
        <source>Oxygen &amp;flow</source>
        <translation>氧流量(&amp;F)</translation>
    </message>
    <message>
        <source>Taken at &amp;rest</source>
        <translation>静息状态下测量(&amp;R)</translation>
    </message>
    <message>
        <source>Blood gas and FiO₂</source>
        <translation>血气分析与 FiO₂</translation>
    </message>
    <message>
        <source>As printed, in its unit; kPa is converted exactly (1 kPa = 7.50062 mmHg).</source>
        <translation>按报告单原样填写，并选择其单位；kPa 将精确换算（1 kPa = 7.50062 mmHg）。</translation>
    </message>
    <message>
        <source>FiO₂ o&amp;btained</source>
        <translation>FiO₂ 来源(&amp;B)</translation>
    </message>
    <message>
        <source>F&amp;iO₂</source>
        <translation>FiO₂(&amp;I)</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>A fraction from 0.21 (room air) to 1.00: 0.40, not 40.</source>
        <translation>以分数表示，范围 0.21（空气）至 1.00：填 0.40，而不是 40。</translation>
    </message>
    <message>
        <source>FiO₂ rea&amp;d at</source>
        <translation>FiO₂ 读取时间(&amp;D)</translation>
    </message>
    <message>
        <source>Ward clock. A P/F ratio needs the FiO₂ within {gap} min of the blood gas.</source>
        <translation>按病房时钟。计算 P/F 比值需要在血气采样前后 {gap} 分钟内读取的 FiO₂。</translation>
    </message>
    <message>
        <source>Computed</source>
        <translation>计算结果</translation>
    </message>
    <message>
        <source>Computed values</source>
        <translation>计算值</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>At most {count} characters.</source>
        <translation>最多 {count} 个字符。</translation>
    </message>
    <message>
        <source>Measured at</source>
        <translation>测量时间</translation>
    </message>
    <message>
        <source>FiO₂ read at</source>
        <translation>FiO₂ 读取时间</translation>
    </message>
    <message>
        <source>You are changing an oxygenation record that was already saved.</source>
        <translation>您正在修改已保存的氧合记录。</translation>
    </message>
    <message>
        <source>Nothing to compute yet.</source>
        <translation>尚无可计算的内容。</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>设定值</translation>
    </message>
    <message>
        <source>FiO₂ {fio2}, {how} ({device}).</source>
        <translation>FiO₂ {fio2}，{how}（{device}）。</translation>
    </message>
    <message>
        <source>PaO₂ {kpa} kPa = {mmhg} mmHg (exact conversion).</source>
        <translation>PaO₂ {kpa} kPa = {mmhg} mmHg（精确换算）。</translation>
    </message>
    <message>
        <source> — the FiO₂ is an estimate</source>
        <translation> — FiO₂ 为估算值</translation>
    </message>
    <message>
        <source>P/F ratio {ratio} mmHg: {band}{estimate}. FiO₂ read {minutes} min from the blood gas.</source>
        <translation>P/F 比值 {ratio} mmHg：{band}{estimate}。FiO₂ 读取时间与血气采样相差 {minutes} 分钟。</translation>
    </message>
    <message>
        <source>P/F ratio: not computed (needs the FiO₂ and its time).</source>
        <translation>P/F 比值：未计算（需要 FiO₂ 及其读取时间）。</translation>
    </message>
    <message>
        <source>S/F ratio {ratio} — an estimate from SpO₂, not a measured P/F.</source>
        <translation>S/F 比值 {ratio} — 由 SpO₂ 估算，并非实测 P/F。</translation>
    </message>
    <message>
        <source>S/F ratio (estimate): not computed. {reason}</source>
        <translation>S/F 比值（估算）：未计算。{reason}</translation>
    </message>
</context>
<context>
    <name>ParticipantPage</name>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Kit</source>
        <translation>药盒</translation>
    </message>
    <message>
        <source>‹ Participants</source>
        <translation>‹ 受试者</translation>
    </message>
    <message>
        <source>Back to the participants list</source>
        <translation>返回受试者列表</translation>
    </message>
    <message>
        <source>{caption}:</source>
        <translation>{caption}：</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Randomise…</source>
        <translation>随机化…</translation>
    </message>
    <message>
        <source>Check product…</source>
        <translation>核对研究药物…</translation>
    </message>
    <message>
        <source>Emergency unblind…</source>
        <translation>紧急揭盲…</translation>
    </message>
    <message>
        <source>{caption}: {value}</source>
        <translation>{caption}：{value}</translation>
    </message>
    <message>
        <source>Screening no. {number} · initials {initials}</source>
        <translation>筛选号 {number} · 姓名缩写 {initials}</translation>
    </message>
    <message>
        <source>{years} years</source>
        <translation>{years} 岁</translation>
    </message>
    <message>
        <source>Screen failed: {reason}</source>
        <translation>筛选失败：{reason}</translation>
    </message>
    <message>
        <source>Take the next kit of this device&apos;s list.</source>
        <translation>领取本设备列表中的下一个药盒。</translation>
    </message>
</context>
<context>
    <name>ParticipantParts</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Today&apos;s visits arrive with the participant work.</source>
        <translation>今日访视将随受试者功能一同提供。</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>The participant list arrives with the participant work.</source>
        <translation>受试者列表将随受试者功能一同提供。</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Participant {id}.</source>
        <translation>受试者 {id}。</translation>
    </message>
    <message>
        <source>Finding participants by barcode arrives with the participant work.</source>
        <translation>按条码查找受试者将随受试者功能一同提供。</translation>
    </message>
</context>
<context>
    <name>ParticipantSafetyTab</name>
    <message>
        <source>Entered</source>
        <translation>已录入</translation>
    </message>
    <message>
        <source>Assessed</source>
        <translation>已评估</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <source>Signature void</source>
        <translation>签名已作废</translation>
    </message>
    <message>
        <source>%d %b %H:%M</source>
        <translation>%m月%d日 %H:%M</translation>
    </message>
    <message>
        <source>{term} (infusion reaction)</source>
        <translation>{term}（输注反应）</translation>
    </message>
    <message>
        <source>Serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Ongoing</source>
        <translation>仍在使用</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Onset</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>SAE clock</source>
        <translation>SAE 报告时限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Medication</source>
        <translation>药物</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>给药途径</translation>
    </message>
    <message>
        <source>Frequency</source>
        <translation>频次</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止日期</translation>
    </message>
    <message>
        <source>Conventional</source>
        <translation>常规治疗</translation>
    </message>
    <message>
        <source>Adverse events</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <source>Con meds</source>
        <translation>合并用药</translation>
    </message>
    <message>
        <source>New &amp;adverse event</source>
        <translation>新建不良事件(&amp;A)</translation>
    </message>
    <message>
        <source>New &amp;con-med</source>
        <translation>新建合并用药(&amp;C)</translation>
    </message>
    <message>
        <source>Concomitant medications</source>
        <translation>合并用药</translation>
    </message>
    <message>
        <source>{count} adverse event; {open} serious not yet reported.</source>
        <translation>{count} 例不良事件；{open} 例严重不良事件尚未报告。</translation>
    </message>
    <message>
        <source>{count} adverse events; {open} serious not yet reported.</source>
        <translation>{count} 例不良事件；{open} 例严重不良事件尚未报告。</translation>
    </message>
    <message>
        <source>Adverse event</source>
        <translation>不良事件</translation>
    </message>
    <message>
        <source>Report an adverse event</source>
        <translation>报告不良事件</translation>
    </message>
    <message>
        <source>Concomitant medication</source>
        <translation>合并用药</translation>
    </message>
</context>
<context>
    <name>ParticipantTabs</name>
    <message>
        <source>Screening</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>入选资格</translation>
    </message>
    <message>
        <source>Oxygenation</source>
        <translation>氧合</translation>
    </message>
    <message>
        <source>Infusion</source>
        <translation>输注</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>安全性</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Preparation</source>
        <translation>配制</translation>
    </message>
</context>
<context>
    <name>Participants</name>
    <message>
        <source>Screening</source>
        <translation>筛选中</translation>
    </message>
    <message>
        <source>Screen failed</source>
        <translation>筛选失败</translation>
    </message>
    <message>
        <source>Eligible</source>
        <translation>符合入选</translation>
    </message>
    <message>
        <source>Randomised</source>
        <translation>已随机化</translation>
    </message>
    <message>
        <source>Infused</source>
        <translation>已输注</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>Died</source>
        <translation>已死亡</translation>
    </message>
</context>
<context>
    <name>ParticipantsTableModel</name>
    <message>
        <source>Study ID</source>
        <translation>研究编号</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>筛选号</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>姓名缩写</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Weight (kg)</source>
        <translation>体重 (kg)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Kit</source>
        <translation>药盒</translation>
    </message>
    <message>
        <source>Last vitals</source>
        <translation>最近生命体征</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>%d %b %H:%M</source>
        <translation>%m-%d %H:%M</translation>
    </message>
    <message>
        <source>not allocated</source>
        <translation>未分配</translation>
    </message>
</context>
<context>
    <name>ParticipantsView</name>
    <message>
        <source>no blinding key yet</source>
        <translation>尚无盲态密钥</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Screen a patient…</source>
        <translation>筛选患者…</translation>
    </message>
    <message>
        <source>How many participants are shown</source>
        <translation>显示的受试者人数</translation>
    </message>
    <message>
        <source>Search or scan: study ID, screening number, initials, kit</source>
        <translation>搜索或扫码：研究编号、筛选号、姓名缩写、药盒</translation>
    </message>
    <message>
        <source>Search participants</source>
        <translation>搜索受试者</translation>
    </message>
    <message>
        <source>Open the selected participant (Enter)</source>
        <translation>打开所选受试者（回车）</translation>
    </message>
    <message>
        <source>No participants yet</source>
        <translation>尚无受试者</translation>
    </message>
    <message>
        <source>1 participant</source>
        <translation>1 名受试者</translation>
    </message>
    <message>
        <source>{total} participants</source>
        <translation>{total} 名受试者</translation>
    </message>
    <message>
        <source>No participant matches “{search}”</source>
        <translation>没有与“{search}”匹配的受试者</translation>
    </message>
    <message>
        <source>{shown} of {total} shown</source>
        <translation>显示 {shown} / {total}</translation>
    </message>
</context>
<context>
    <name>Plausibility</name>
    <message>
        <source>{label} must be a number.</source>
        <translation>{label}必须是数字。</translation>
    </message>
    <message>
        <source>{label} {shown} is outside the possible range {limits}: check the entry.</source>
        <translation>{label} {shown} 超出可能范围 {limits}：请核对录入。</translation>
    </message>
    <message>
        <source>{label} {shown} is unusual (expected {limits}): please confirm.</source>
        <translation>{label} {shown} 不常见（预期 {limits}）：请确认。</translation>
    </message>
    <message>
        <source>The field name must be text.</source>
        <translation>字段名必须是文本。</translation>
    </message>
    <message>
        <source>There is no plausibility range for {field}.</source>
        <translation>没有 {field} 的合理性范围。</translation>
    </message>
    <message>
        <source>values must map field names to entered values.</source>
        <translation>values 必须将字段名映射到录入值。</translation>
    </message>
    <message>
        <source>Diastolic pressure {diastolic} must be below systolic {systolic}: check both entries.</source>
        <translation>舒张压 {diastolic} 必须低于收缩压 {systolic}：请核对两项录入。</translation>
    </message>
    <message>
        <source>Mean arterial pressure {mean} is not between diastolic {diastolic} and systolic {systolic}: please confirm.</source>
        <translation>平均动脉压 {mean} 不在舒张压 {diastolic} 与收缩压 {systolic} 之间：请确认。</translation>
    </message>
</context>
<context>
    <name>Preparation</name>
    <message>
        <source>This bag was already released ({name}): nothing was changed.</source>
        <translation>该输液袋已放行（{name}）：未作任何更改。</translation>
    </message>
    <message>
        <source>This bag was already discarded ({name}): nothing was changed.</source>
        <translation>该输液袋已弃用（{name}）：未作任何更改。</translation>
    </message>
    <message>
        <source>The protocol allows one dose only.</source>
        <translation>方案只允许给药一次。</translation>
    </message>
    <message>
        <source>The protocol allows doses 1 to {count}; {dose} is not one of them.</source>
        <translation>方案允许第 1 至 {count} 次给药；{dose} 不在其中。</translation>
    </message>
    <message>
        <source>Dose {dose} was already prepared ({time} by {name}): discard that bag first to prepare it again.</source>
        <translation>第 {dose} 次给药已配制（{time}，{name}）：如需重新配制，请先弃用该输液袋。</translation>
    </message>
    <message>
        <source>Dose {dose} has not been prepared and released yet.</source>
        <translation>第 {dose} 次给药尚未配制并放行。</translation>
    </message>
    <message>
        <source>Dose {dose} may be prepared {days} days after dose {previous} at the earliest (dose {previous} on {date}).</source>
        <translation>第 {dose} 次给药最早可在第 {previous} 次给药后 {days} 天配制（第 {previous} 次给药日期为 {date}）。</translation>
    </message>
    <message>
        <source>The protocol gives the two arms different bag volumes, which would unblind the ward: correct the protocol file.</source>
        <translation>方案为两组规定了不同的输液袋容量，这会使病房破盲：请更正方案文件。</translation>
    </message>
    <message>
        <source>There is no participant {participant}.</source>
        <translation>不存在受试者 {participant}。</translation>
    </message>
    <message>
        <source>{participant} is not randomised yet: there is no kit to prepare.</source>
        <translation>{participant} 尚未随机化：没有可配制的药盒。</translation>
    </message>
    <message>
        <source>The allocation names an arm this protocol does not have.</source>
        <translation>随机分配中的组别不在本方案中。</translation>
    </message>
    <message>
        <source>The lot or cell count is too long to be kept: shorten it.</source>
        <translation>批号或细胞计数过长，无法保存：请缩短。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Only a pharmacist, nurse or investigator checks study product: your role ({role}) cannot.</source>
        <translation>只有药师、护士或研究者才能核对研究用品：您的角色（{role}）不能。</translation>
    </message>
    <message>
        <source>The second check is done by someone other than the person who prepared the bag: ask a colleague.</source>
        <translation>双人核对须由配制人以外的人员完成：请找同事核对。</translation>
    </message>
    <message>
        <source>The {item} is not an item you confirm: a blinded checker confirms {items}.</source>
        <translation>{item}不是您需要确认的项目：盲态核对者确认的是{items}。</translation>
    </message>
    <message>
        <source>The {item} is not an item of the check.</source>
        <translation>{item}不是核对项目。</translation>
    </message>
    <message>
        <source>Confirm the {items} before releasing the bag.</source>
        <translation>放行输液袋前请确认{items}。</translation>
    </message>
    <message>
        <source>Past its use-by ({time}): do not release this bag; discard it and prepare another.</source>
        <translation>已超过使用期限（{time}）：请勿放行该输液袋；请弃用并重新配制。</translation>
    </message>
    <message>
        <source>Only a pharmacist, nurse or investigator discards study product: your role ({role}) cannot.</source>
        <translation>只有药师、护士或研究者才能弃用研究用品：您的角色（{role}）不能。</translation>
    </message>
    <message>
        <source>Give the reason the bag is discarded.</source>
        <translation>请填写弃用该输液袋的原因。</translation>
    </message>
    <message>
        <source>This bag was already discarded: nothing was changed.</source>
        <translation>该输液袋已弃用：未作任何更改。</translation>
    </message>
    <message>
        <source>This bag was already given: it cannot be discarded.</source>
        <translation>该输液袋已输注：不能弃用。</translation>
    </message>
    <message>
        <source>The preparation names an arm this protocol does not have.</source>
        <translation>配制记录中的组别不在本方案中。</translation>
    </message>
    <message>
        <source>kit label</source>
        <translation>药盒标签</translation>
    </message>
    <message>
        <source>volume</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>use-by</source>
        <translation>使用期限</translation>
    </message>
    <message>
        <source>appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>arm</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>lot expiry</source>
        <translation>批次有效期</translation>
    </message>
    <message>
        <source>cell count</source>
        <translation>细胞计数</translation>
    </message>
    <message>
        <source>viability</source>
        <translation>细胞活率</translation>
    </message>
    <message>
        <source>dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>no leak, clumps or discolouration</source>
        <translation>无渗漏、无团块、无变色</translation>
    </message>
    <message>
        <source>not seen</source>
        <translation>未查看</translation>
    </message>
    <message>
        <source>none (saline)</source>
        <translation>无（生理盐水）</translation>
    </message>
    <message>
        <source>{cells} cells</source>
        <translation>{cells} 个细胞</translation>
    </message>
    <message>
        <source>Only a pharmacist prepares study product: your role ({role}) stays blinded.</source>
        <translation>只有药师才能配制研究用品：您的角色（{role}）须保持盲态。</translation>
    </message>
    <message>
        <source>Only a pharmacist checks a bag&apos;s content: your role ({role}) stays blinded.</source>
        <translation>只有药师才能核对输液袋内容：您的角色（{role}）须保持盲态。</translation>
    </message>
    <message>
        <source>Only a pharmacist sees what a bag holds: your role ({role}) stays blinded.</source>
        <translation>只有药师才能查看输液袋内容：您的角色（{role}）须保持盲态。</translation>
    </message>
    <message>
        <source>Only a pharmacist sees the arm: your role ({role}) stays blinded.</source>
        <translation>只有药师才能查看组别：您的角色（{role}）须保持盲态。</translation>
    </message>
    <message>
        <source>{product}, kit {kit}</source>
        <translation>{product}，药盒 {kit}</translation>
    </message>
    <message>
        <source>There is no preparation {preparation}.</source>
        <translation>不存在配制记录 {preparation}。</translation>
    </message>
    <message>
        <source>Cell count: write it as 65000000, 6.5e7 or 6.5×10^7 (total cells).</source>
        <translation>细胞数：请写成 65000000、6.5e7 或 6.5×10^7（细胞总数）。</translation>
    </message>
    <message>
        <source>Cell count must be above zero.</source>
        <translation>细胞数必须大于零。</translation>
    </message>
</context>
<context>
    <name>PreparationCheckDialog</name>
    <message>
        <source>Kit label</source>
        <translation>药盒标签</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>体积</translation>
    </message>
    <message>
        <source>Use by</source>
        <translation>使用期限</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Lot expiry</source>
        <translation>批次有效期</translation>
    </message>
    <message>
        <source>Cell count</source>
        <translation>细胞计数</translation>
    </message>
    <message>
        <source>Viability</source>
        <translation>细胞活率</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>剂量</translation>
    </message>
    <message>
        <source>Second check</source>
        <translation>双人核对</translation>
    </message>
    <message>
        <source>Second check: {product}, dose {number}</source>
        <translation>双人核对：{product}，第 {number} 次给药</translation>
    </message>
    <message>
        <source>Prepared by {name}. Someone else checks each item on the bag itself, ticks it, and releases it with their own password.</source>
        <translation>配制人：{name}。须由另一人对照输液袋本身逐项核对并勾选，然后用自己的密码放行。</translation>
    </message>
    <message>
        <source>Your user name</source>
        <translation>您的用户名</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <source>About the user name</source>
        <translation>关于用户名</translation>
    </message>
    <message>
        <source>About the password</source>
        <translation>关于密码</translation>
    </message>
    <message>
        <source>&amp;Show what to check</source>
        <translation>显示核对项目(&amp;S)</translation>
    </message>
    <message>
        <source>Why the bag was not released</source>
        <translation>输液袋未放行的原因</translation>
    </message>
    <message>
        <source>Check result</source>
        <translation>核对结果</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>取消(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Release</source>
        <translation>放行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>用户名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Type your own user name.</source>
        <translation>请输入您本人的用户名。</translation>
    </message>
    <message>
        <source>The second check is done by someone other than the person who prepared the bag: ask a colleague.</source>
        <translation>双人核对须由配制人以外的人员完成：请找同事核对。</translation>
    </message>
    <message>
        <source>Only a pharmacist, nurse or investigator checks study product: your role ({role}) cannot.</source>
        <translation>只有药师、护士或研究者可以核对研究药物：您的角色（{role}）不能核对。</translation>
    </message>
    <message>
        <source>{item}: {value}</source>
        <translation>{item}：{value}</translation>
    </message>
    <message>
        <source>Released: {product} — checked by {name} at {time}.</source>
        <translation>已放行：{product} — 由 {name} 于 {time} 核对。</translation>
    </message>
    <message>
        <source>Released: {product} — checked by {name}.</source>
        <translation>已放行：{product} — 由 {name} 核对。</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
</context>
<context>
    <name>PreparationForm</name>
    <message>
        <source>No leak, clumps or discolouration</source>
        <translation>无渗漏、无团块、无变色</translation>
    </message>
    <message>
        <source>Not fine</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>The dose and use-by as understood</source>
        <translation>系统解读的剂量与使用时限</translation>
    </message>
    <message>
        <source>This participant&apos;s bags</source>
        <translation>该受试者的输液袋</translation>
    </message>
    <message>
        <source>Prepare study product</source>
        <translation>配制研究药物</translation>
    </message>
    <message>
        <source>Only a pharmacist prepares study product: your role ({role}) stays blinded.</source>
        <translation>只有药师可以配制研究药物：您的角色（{role}）须保持盲态。</translation>
    </message>
    <message>
        <source>This participant is not randomised yet: there is no kit to prepare.</source>
        <translation>该受试者尚未随机化：没有可配制的药盒。</translation>
    </message>
    <message>
        <source>Prepare {product}, kit {kit}</source>
        <translation>配制{product}，药盒 {kit}</translation>
    </message>
    <message>
        <source>UNBLINDED — arm {code}: {arm}. {intervention}.</source>
        <translation>非盲 — 组别 {code}：{arm}。{intervention}。</translation>
    </message>
    <message>
        <source>Dose {number}</source>
        <translation>第 {number} 剂</translation>
    </message>
    <message>
        <source>D&amp;ose</source>
        <translation>剂次(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Weight used</source>
        <translation>所用体重(&amp;W)</translation>
    </message>
    <message>
        <source>The weight the dose is computed from.</source>
        <translation>用于计算剂量的体重。</translation>
    </message>
    <message>
        <source>at</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>&amp;Prepared (thawed)</source>
        <translation>配制（复苏）时间(&amp;P)</translation>
    </message>
    <message>
        <source>Cell product</source>
        <translation>细胞制品</translation>
    </message>
    <message>
        <source>&amp;Lot</source>
        <translation>批号(&amp;L)</translation>
    </message>
    <message>
        <source>As printed on the product label.</source>
        <translation>按产品标签所印填写。</translation>
    </message>
    <message>
        <source>Lot e&amp;xpiry</source>
        <translation>批次有效期(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Cell count</source>
        <translation>细胞数(&amp;C)</translation>
    </message>
    <message>
        <source>Cells in the bag, as 6.5e7 or 6.5×10^7.</source>
        <translation>袋中细胞数，格式如 6.5e7 或 6.5×10^7。</translation>
    </message>
    <message>
        <source>&amp;Viability</source>
        <translation>细胞活率(&amp;V)</translation>
    </message>
    <message>
        <source>The bag</source>
        <translation>输液袋</translation>
    </message>
    <message>
        <source>&amp;Inspected</source>
        <translation>外观检查(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Save preparation</source>
        <translation>保存配制记录(&amp;S)</translation>
    </message>
    <message>
        <source>Prepared (thawed): time</source>
        <translation>配制（复苏）：时间</translation>
    </message>
    <message>
        <source>Dose {number}: {status}, prepared by {by}, checked by {checker}.</source>
        <translation>第 {number} 剂：{status}，配制人 {by}，核对人 {checker}。</translation>
    </message>
    <message>
        <source>Dose {number}: {status}, prepared by {by}.</source>
        <translation>第 {number} 剂：{status}，配制人 {by}。</translation>
    </message>
    <message>
        <source>No dose prepared yet.</source>
        <translation>尚未配制任何剂次。</translation>
    </message>
    <message>
        <source>Prepared (thawed)</source>
        <translation>配制（复苏）时间</translation>
    </message>
    <message>
        <source>Enter the date and time of preparation (or thaw).</source>
        <translation>请输入配制（或复苏）的日期和时间。</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Bag: {volume} mL {vehicle}</source>
        <translation>输液袋：{vehicle} {volume} mL</translation>
    </message>
    <message>
        <source>Dose: {cells} cells in {volume} mL ({weight} kg × {per_kg} cells/kg)</source>
        <translation>剂量：{cells} 个细胞，溶于 {volume} mL（{weight} kg × {per_kg} cells/kg）</translation>
    </message>
    <message>
        <source>Dose: enter the weight used</source>
        <translation>剂量：请输入所用体重</translation>
    </message>
    <message>
        <source>use by {time}</source>
        <translation>须在 {time} 前使用</translation>
    </message>
    <message>
        <source>{parts}.</source>
        <translation>{parts}。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Saved: the bag waits for the second check by another person.</source>
        <translation>已保存：该输液袋等待另一人进行第二次核对。</translation>
    </message>
</context>
<context>
    <name>PrintButton</name>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Infusion worksheet</source>
        <translation>输注工作单</translation>
    </message>
    <message>
        <source>Eligibility checklist</source>
        <translation>入选资格核查表</translation>
    </message>
    <message>
        <source>Casebook</source>
        <translation>病例报告册</translation>
    </message>
    <message>
        <source>{printout} ({language})</source>
        <translation>{printout}（{language}）</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>This participant has no study ID yet: enrol them first.</source>
        <translation>该受试者尚无研究编号：请先为其入组。</translation>
    </message>
</context>
<context>
    <name>PrintPdf</name>
    <message>
        <source>Printing needs the CUPS client (lp), which is not installed: use Save as PDF.</source>
        <translation>打印需要 CUPS 客户端（lp），但本机未安装：请使用“另存为 PDF”。</translation>
    </message>
    <message>
        <source>No printer was chosen: choose one, or use Save as PDF.</source>
        <translation>未选择打印机：请选择一台打印机，或使用“另存为 PDF”。</translation>
    </message>
    <message>
        <source>The printing system did not answer within {seconds} s: check the printer, or use Save as PDF.</source>
        <translation>打印系统在 {seconds} 秒内没有响应：请检查打印机，或使用“另存为 PDF”。</translation>
    </message>
    <message>
        <source>The printer {queue} did not take the job ({reason}).</source>
        <translation>打印机 {queue} 未接受该打印任务（{reason}）。</translation>
    </message>
    <message>
        <source>The PDF could not be saved in {folder} ({reason}).</source>
        <translation>无法将 PDF 保存到 {folder}（{reason}）。</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ProductCheck</name>
    <message>
        <source>Scan or type the {what}.</source>
        <translation>请扫描或输入{what}。</translation>
    </message>
    <message>
        <source>The {what} is too long to be a study code: scan it again.</source>
        <translation>{what}过长，不是有效的研究编码：请重新扫描。</translation>
    </message>
    <message>
        <source>Kit {kit} was to be used by {time}: do not give it, call the pharmacy.</source>
        <translation>药盒 {kit} 应在 {time} 前使用：请勿输注，请联系药房。</translation>
    </message>
    <message>
        <source>Kit {kit} has not been released by the pharmacy: do not give it yet.</source>
        <translation>药盒 {kit} 尚未由药房放行：暂勿输注。</translation>
    </message>
    <message>
        <source>Kit {kit} was discarded by the pharmacy: do not give it.</source>
        <translation>药盒 {kit} 已被药房弃用：请勿输注。</translation>
    </message>
    <message>
        <source>Kit {kit} has already been given: do not give it again.</source>
        <translation>药盒 {kit} 已输注：请勿再次输注。</translation>
    </message>
    <message>
        <source>The pharmacy has not prepared kit {kit} yet: there is nothing to give.</source>
        <translation>药房尚未配制药盒 {kit}：没有可输注的研究用品。</translation>
    </message>
    <message>
        <source>The wristband belongs to {other}, not {participant}: check you are with the right person.</source>
        <translation>该腕带属于 {other}，不是 {participant} 的：请确认您面对的是正确的患者。</translation>
    </message>
    <message>
        <source>The wristband is not a study ID here, not {participant}: check you are with the right person.</source>
        <translation>该腕带不是此处的研究编号，不是 {participant} 的：请确认您面对的是正确的患者。</translation>
    </message>
    <message>
        <source>{participant} has not been randomised: there is no kit to give.</source>
        <translation>{participant} 尚未随机化：没有可输注的药盒。</translation>
    </message>
    <message>
        <source>The bag is kit {label}, but {participant} is allocated kit {kit}: do not give it.</source>
        <translation>该输液袋为药盒 {label}，但 {participant} 分配的是药盒 {kit}：请勿输注。</translation>
    </message>
    <message>
        <source>wristband</source>
        <translation>腕带</translation>
    </message>
    <message>
        <source>kit label</source>
        <translation>药盒标签</translation>
    </message>
    <message>
        <source>The product check was refused.</source>
        <translation>研究用品核对未通过。</translation>
    </message>
    <message>
        <source>There is no product check for this participant: check the product.</source>
        <translation>该受试者没有研究用品核对记录：请核对研究用品。</translation>
    </message>
    <message>
        <source>That product check was refused: check the product again.</source>
        <translation>该次研究用品核对未通过：请重新核对。</translation>
    </message>
    <message>
        <source>A newer product check was made since: check the product again.</source>
        <translation>之后又进行了新的研究用品核对：请重新核对。</translation>
    </message>
    <message>
        <source>That product check started an infusion already: check the product again.</source>
        <translation>该次研究用品核对已用于开始一次输注：请重新核对。</translation>
    </message>
    <message>
        <source>The infusion cannot start before the product was checked.</source>
        <translation>输注开始时间不能早于研究用品核对时间。</translation>
    </message>
    <message>
        <source>The product was checked more than {minutes} minutes before the start: check the product again.</source>
        <translation>研究用品核对距开始输注已超过 {minutes} 分钟：请重新核对。</translation>
    </message>
</context>
<context>
    <name>ProductCheckDialog</name>
    <message>
        <source>Bedside product check</source>
        <translation>床旁研究药物核对</translation>
    </message>
    <message>
        <source>Product check for {who}</source>
        <translation>研究药物核对：{who}</translation>
    </message>
    <message>
        <source>At the bedside: scan the participant&apos;s wristband, then the kit label on the bag. Never check paper against paper.</source>
        <translation>在床旁：先扫描受试者腕带，再扫描输液袋上的药盒标签。切勿以纸质记录核对纸质记录。</translation>
    </message>
    <message>
        <source>Wristband</source>
        <translation>腕带</translation>
    </message>
    <message>
        <source>Scan the wristband (or type its study ID)</source>
        <translation>扫描腕带（或输入其受试者编号）</translation>
    </message>
    <message>
        <source>Why the wristband does not match</source>
        <translation>腕带不匹配的原因</translation>
    </message>
    <message>
        <source>Kit label</source>
        <translation>药盒标签</translation>
    </message>
    <message>
        <source>Scan the kit label on the bag (or type its kit code)</source>
        <translation>扫描输液袋上的药盒标签（或输入药盒编号）</translation>
    </message>
    <message>
        <source>Why the kit label does not match</source>
        <translation>药盒标签不匹配的原因</translation>
    </message>
    <message>
        <source>Product check result</source>
        <translation>研究药物核对结果</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>输液通路</translation>
    </message>
    <message>
        <source>e.g. peripheral cannula</source>
        <translation>例如：外周静脉留置针</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>部位</translation>
    </message>
    <message>
        <source>e.g. left forearm</source>
        <translation>例如：左前臂</translation>
    </message>
    <message>
        <source>Why the infusion did not start</source>
        <translation>输注未能开始的原因</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>重新核对(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Start infusion</source>
        <translation>开始输注(&amp;S)</translation>
    </message>
    <message>
        <source>1. &amp;Wristband</source>
        <translation>1. 腕带(&amp;W)</translation>
    </message>
    <message>
        <source>2. &amp;Kit label</source>
        <translation>2. 药盒标签(&amp;K)</translation>
    </message>
    <message>
        <source>Start the infusion</source>
        <translation>开始输注</translation>
    </message>
    <message>
        <source>Start ti&amp;me</source>
        <translation>开始时间(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Rate</source>
        <translation>速度(&amp;R)</translation>
    </message>
    <message>
        <source>L&amp;ine</source>
        <translation>输液通路(&amp;I)</translation>
    </message>
    <message>
        <source>Si&amp;te</source>
        <translation>部位(&amp;T)</translation>
    </message>
    <message>
        <source>Scan the participant&apos;s wristband first.</source>
        <translation>请先扫描受试者腕带。</translation>
    </message>
    <message>
        <source>Scan the kit label on the bag.</source>
        <translation>请扫描输液袋上的药盒标签。</translation>
    </message>
    <message>
        <source>✔ {product} — checked {time}</source>
        <translation>✔ {product} — {time} 已核对</translation>
    </message>
    <message>
        <source>Enter the {label}.</source>
        <translation>请输入{label}。</translation>
    </message>
</context>
<context>
    <name>QrCodeWidget</name>
    <message>
        <source>QR code</source>
        <translation>二维码</translation>
    </message>
    <message>
        <source>No QR code</source>
        <translation>无二维码</translation>
    </message>
    <message>
        <source>Scan this with the hub&apos;s camera or phone.</source>
        <translation>请用中心端的摄像头或手机扫描此码。</translation>
    </message>
</context>
<context>
    <name>RandomiseDialog</name>
    <message>
        <source>Randomise</source>
        <translation>随机化</translation>
    </message>
    <message>
        <source>Randomise {who}?</source>
        <translation>对 {who} 进行随机化？</translation>
    </message>
    <message>
        <source>{who} gets the next kit of this device&apos;s allocation list. This happens once and cannot be undone. Everyone sees the kit code; the treatment stays masked.</source>
        <translation>{who} 将获得本设备随机分配表中的下一个药盒。此操作只进行一次，且无法撤销。所有人都能看到药盒编号；治疗分组保持盲态。</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>取消(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Randomise</source>
        <translation>随机化(&amp;R)</translation>
    </message>
    <message>
        <source>Why the participant cannot be randomised</source>
        <translation>受试者无法随机化的原因</translation>
    </message>
    <message>
        <source>Randomisation result</source>
        <translation>随机化结果</translation>
    </message>
    <message>
        <source>{who} is randomised</source>
        <translation>{who} 已随机化</translation>
    </message>
    <message>
        <source>Kit {kit} now belongs to {who}: the pharmacist prepares it for the infusion.</source>
        <translation>药盒 {kit} 现已分配给 {who}：由药师为输注进行配制。</translation>
    </message>
    <message>
        <source>Randomised: {product}, kit {kit}</source>
        <translation>已随机化：{product}，药盒 {kit}</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
</context>
<context>
    <name>ReEnrolment</name>
    <message>
        <source>Only an admin can re-enrol this device with the hub.</source>
        <translation>只有管理员可以在中心服务器为本设备重新登记。</translation>
    </message>
    <message>
        <source>This store cannot ask for re-enrolment: {problem}</source>
        <translation>本数据库无法申请重新登记：{problem}</translation>
    </message>
    <message>
        <source>{name} is not signed by the pinned hub: nothing was changed.</source>
        <translation>{name} 不是由已绑定的中心服务器签名的：未做任何更改。</translation>
    </message>
    <message>
        <source>{name} is signed but not an endorsement Bedside can use: {problem}</source>
        <translation>{name} 已签名，但不是 Bedside 可用的认可文件：{problem}</translation>
    </message>
    <message>
        <source>{name} endorses device {device} of site {site}, not this store: nothing was changed.</source>
        <translation>{name} 认可的是研究中心 {site} 的设备 {device}，而不是本数据库：未做任何更改。</translation>
    </message>
    <message>
        <source>{name} answers a re-enrolment request that is not this store&apos;s open request: nothing was changed.</source>
        <translation>{name} 答复的重新登记申请不是本数据库当前未完成的申请：未做任何更改。</translation>
    </message>
    <message>
        <source>{name} is for an epoch this device has reached already.</source>
        <translation>{name} 针对的是本设备已进入过的登记轮次。</translation>
    </message>
    <message>
        <source>{name} continues after audit row {seq}, which this store does not hold as the hub does: nothing was changed.</source>
        <translation>{name} 从审计记录第 {seq} 行之后继续，而本数据库中该行与中心服务器的不一致：未做任何更改。</translation>
    </message>
    <message>
        <source>This device wrote bundle {seq} after asking: ask the hub again (bedside device re-enrol).</source>
        <translation>本设备在提出申请后又写出了数据包 {seq}：请重新向中心服务器申请（bedside device re-enrol）。</translation>
    </message>
    <message>
        <source>{name} exists: Bedside never overwrites it.</source>
        <translation>{name} 已存在：Bedside 从不覆盖它。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist.</source>
        <translation>文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <source>{name}.minisig is not a minisign signature.</source>
        <translation>{name}.minisig 不是 minisign 签名。</translation>
    </message>
    <message>
        <source>{name} is not an endorsement Bedside wrote.</source>
        <translation>{name} 不是 Bedside 写出的认可文件。</translation>
    </message>
    <message>
        <source>{name} is not a re-enrolment request Bedside wrote.</source>
        <translation>{name} 不是 Bedside 写出的重新登记申请。</translation>
    </message>
    <message>
        <source>It does not have the fields of a re-enrolment request.</source>
        <translation>它不具备重新登记申请的字段。</translation>
    </message>
    <message>
        <source>Its epoch or last bundle is not a whole number.</source>
        <translation>其登记轮次或最后一个数据包编号不是整数。</translation>
    </message>
    <message>
        <source>Its audit head or time is not valid.</source>
        <translation>其审计头或时间无效。</translation>
    </message>
    <message>
        <source>Its list of audit rows is not valid.</source>
        <translation>其审计记录行列表无效。</translation>
    </message>
    <message>
        <source>Its list of audit rows does not end at the head it names.</source>
        <translation>其审计记录行列表没有终止于其所写的审计头。</translation>
    </message>
    <message>
        <source>It does not have the fields of an endorsement.</source>
        <translation>它不具备认可文件的字段。</translation>
    </message>
    <message>
        <source>Its request or epoch is not valid.</source>
        <translation>其申请或登记轮次无效。</translation>
    </message>
    <message>
        <source>Its audit heads are not valid.</source>
        <translation>其审计头无效。</translation>
    </message>
    <message>
        <source>Its bundle number or time is not valid.</source>
        <translation>其数据包编号或时间无效。</translation>
    </message>
    <message>
        <source>Its list of lost changes is not valid.</source>
        <translation>其丢失更改列表无效。</translation>
    </message>
    <message>
        <source>  … and {count} more (the hub&apos;s audit trail holds them all)</source>
        <translation>  …… 另有 {count} 条（中心服务器的审计追踪中保存了全部记录）</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Typing error corrected</source>
        <translation>更正录入错误</translation>
    </message>
    <message>
        <source>Checked against the source document</source>
        <translation>已与原始文件核对</translation>
    </message>
    <message>
        <source>Information received later</source>
        <translation>后来获得的信息</translation>
    </message>
    <message>
        <source>Entered for the wrong time or visit</source>
        <translation>录入到了错误的时间或访视</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <source>This was already saved. Why is it being changed?</source>
        <translation>该数据已保存。为什么要修改？</translation>
    </message>
    <message>
        <source>Type the reason, or tap one of the usual reasons</source>
        <translation>输入原因，或点选一个常用原因</translation>
    </message>
    <message>
        <source>Why the reason cannot be saved</source>
        <translation>原因无法保存的理由</translation>
    </message>
    <message>
        <source>Save with this reason</source>
        <translation>以此原因保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>{name} is not named like a receipt (DEVICE-SEQ.receipt).</source>
        <translation>{name} 的命名不像回执（应为 DEVICE-SEQ.receipt）。</translation>
    </message>
    <message>
        <source>{name}.minisig is not a minisign signature.</source>
        <translation>{name}.minisig 不是 minisign 签名。</translation>
    </message>
    <message>
        <source>{name} is not signed by the pinned hub: it was not applied.</source>
        <translation>{name} 不是由已绑定的中心服务器签名的：未应用。</translation>
    </message>
    <message>
        <source>{name} is signed but not a receipt Bedside can read.</source>
        <translation>{name} 已签名，但不是 Bedside 能读取的回执。</translation>
    </message>
    <message>
        <source>{name} describes another bundle than its name says.</source>
        <translation>{name} 描述的数据包与其文件名所指的不同。</translation>
    </message>
    <message>
        <source>{name} is missing.</source>
        <translation>{name} 缺失。</translation>
    </message>
    <message>
        <source>{name} is too large to be a receipt.</source>
        <translation>{name} 太大，不可能是回执。</translation>
    </message>
    <message>
        <source>{name} is too large to be a signature.</source>
        <translation>{name} 太大，不可能是签名。</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyPage</name>
    <message>
        <source>The recovery key: shown only this once</source>
        <translation>恢复密钥：仅显示这一次</translation>
    </message>
    <message>
        <source>It opens the store if every admin password is lost. Print it, or save it as a PDF on a USB stick (not on this laptop), and lock it away.</source>
        <translation>如所有管理员密码都遗失，可用它打开数据库。请打印，或另存为 PDF 保存到 U 盘（不要存在这台笔记本电脑上），并锁好保管。</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>恢复密钥</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Recovery key message</source>
        <translation>恢复密钥提示</translation>
    </message>
    <message>
        <source>Print the recovery key</source>
        <translation>打印恢复密钥</translation>
    </message>
    <message>
        <source>Sent to the printer. Check the page came out whole.</source>
        <translation>已发送到打印机。请检查打印页是否完整。</translation>
    </message>
    <message>
        <source>Save the recovery key as PDF</source>
        <translation>将恢复密钥另存为 PDF</translation>
    </message>
    <message>
        <source>The PDF could not be written to {folder}: choose another place.</source>
        <translation>无法将 PDF 写入 {folder}：请选择其他位置。</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>ReenrolPanel</name>
    <message>
        <source>After this laptop is restored from a backup, or on a replacement laptop, the hub refuses its bundles until the hub endorses it again: write a request, give it to the data manager, and import the endorsement the hub sends back.</source>
        <translation>本笔记本电脑从备份恢复后，或换用替代的笔记本电脑时，中心服务器会拒收其数据包，直到中心服务器再次认可本设备：请写出申请，交给数据管理员，再导入中心服务器返回的认可文件。</translation>
    </message>
    <message>
        <source>&amp;Write request…</source>
        <translation>写出申请…(&amp;W)</translation>
    </message>
    <message>
        <source>Request message</source>
        <translation>申请提示</translation>
    </message>
    <message>
        <source>&amp;Import endorsement…</source>
        <translation>导入认可文件…(&amp;I)</translation>
    </message>
    <message>
        <source>Endorsement message</source>
        <translation>认可文件提示</translation>
    </message>
    <message>
        <source>Changes this laptop lost</source>
        <translation>本笔记本电脑丢失的更改</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>登记轮次</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Epoch 1: the hub has not re-enrolled this laptop.</source>
        <translation>第 1 轮登记：中心服务器尚未重新登记本笔记本电脑。</translation>
    </message>
    <message>
        <source>Epoch {epoch}: the hub last re-enrolled this laptop.</source>
        <translation>第 {epoch} 轮登记：中心服务器最近一次重新登记了本笔记本电脑。</translation>
    </message>
    <message>
        <source>A request is waiting for the hub&apos;s endorsement.</source>
        <translation>有一份申请正在等待中心服务器认可。</translation>
    </message>
    <message>
        <source>No request is waiting for the hub.</source>
        <translation>没有等待中心服务器处理的申请。</translation>
    </message>
    <message>
        <source>Write the re-enrolment request</source>
        <translation>写出重新登记申请</translation>
    </message>
    <message>
        <source>Re-enrolment request (*.json)</source>
        <translation>重新登记申请 (*.json)</translation>
    </message>
    <message>
        <source>Import the hub&apos;s endorsement</source>
        <translation>导入中心服务器的认可文件</translation>
    </message>
    <message>
        <source>Endorsement (*.json)</source>
        <translation>认可文件 (*.json)</translation>
    </message>
    <message>
        <source>The request is written to {path} and its signature to {signature}: give both files to the data manager, and import the endorsement the hub sends back.</source>
        <translation>申请已写入 {path}，其签名已写入 {signature}：请把这两个文件交给数据管理员，再导入中心服务器返回的认可文件。</translation>
    </message>
    <message>
        <source>Endorsed: this laptop is now in epoch {epoch}, and its next bundle is number {bundle}.</source>
        <translation>已认可：本笔记本电脑现处于第 {epoch} 轮登记，下一个数据包的编号为 {bundle}。</translation>
    </message>
    <message>
        <source>The hub holds no change that this laptop lost.</source>
        <translation>中心服务器没有本笔记本电脑丢失的更改。</translation>
    </message>
    <message>
        <source>The hub holds 1 change that this laptop lost; enter it again.</source>
        <translation>中心服务器保存着本笔记本电脑丢失的 1 项更改；请重新录入。</translation>
    </message>
    <message>
        <source>The hub holds {count} changes that this laptop lost; enter them again.</source>
        <translation>中心服务器保存着本笔记本电脑丢失的 {count} 项更改；请重新录入。</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>No participant has that study ID: check it with `bedside participant list`.</source>
        <translation>没有受试者使用该研究编号：请用 `bedside participant list` 核对。</translation>
    </message>
    <message>
        <source>{participant} has no kit allocated yet: randomise before printing a worksheet, or print a blank one with --blank.</source>
        <translation>{participant} 尚未分配药盒：请先随机化再打印工作表，或使用 --blank 打印空白工作表。</translation>
    </message>
    <message>
        <source>{participant} has no eligibility checklist to print.</source>
        <translation>{participant} 没有可打印的入选资格核查表。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot print the preparation sheet.</source>
        <translation>您的角色（{role}）不能打印制备单。</translation>
    </message>
    <message>
        <source>That arm is not in the protocol.</source>
        <translation>方案中没有该组别。</translation>
    </message>
</context>
<context>
    <name>Restore</name>
    <message>
        <source>Restored the store of site {site}, device {device} (audit row {seq}, backed up at {made_at}) into {folder}.</source>
        <translation>已将研究中心 {site}、设备 {device} 的数据库（审计记录第 {seq} 行，备份于 {made_at}）恢复到 {folder}。</translation>
    </message>
    <message>
        <source>The store that was there is kept in {folder}.</source>
        <translation>原有的数据库保存在 {folder}。</translation>
    </message>
    <message>
        <source>Its sync state is as it was at the backup: the hub refuses its bundles until it endorses this device again (bedside device re-enrol --out FILE, then bedside hub endorse).</source>
        <translation>其同步状态为备份时的状态：在中心服务器重新认可本设备之前，中心服务器会拒收其数据包（先运行 bedside device re-enrol --out FILE，再运行 bedside hub endorse）。</translation>
    </message>
    <message>
        <source>There is no backup file {file}.</source>
        <translation>没有备份文件 {file}。</translation>
    </message>
    <message>
        <source>A Bedside store is already in {folder}: give --replace to keep it aside and restore over it; nothing was changed.</source>
        <translation>{folder} 中已有 Bedside 数据库：请加上 --replace，将其另存后再恢复覆盖；未做任何更改。</translation>
    </message>
    <message>
        <source>The backup {name} has a damaged key file: nothing was changed.</source>
        <translation>备份 {name} 的密钥文件已损坏：未做任何更改。</translation>
    </message>
    <message>
        <source>The backup {name} mixes two stores: nothing was changed.</source>
        <translation>备份 {name} 混合了两个数据库：未做任何更改。</translation>
    </message>
    <message>
        <source>The user name or password does not open this backup: nothing was changed.</source>
        <translation>该用户名或密码无法打开此备份：未做任何更改。</translation>
    </message>
    <message>
        <source>The backup {name} was altered after it was made: nothing was changed.</source>
        <translation>备份 {name} 在生成后被改动过：未做任何更改。</translation>
    </message>
    <message>
        <source>Only an active admin of the backed-up store can restore it: nothing was changed.</source>
        <translation>只有被备份数据库中的在用管理员才能恢复它：未做任何更改。</translation>
    </message>
    <message>
        <source>The backup is of another store (site {site}, device {device}), not the one in {folder}: restore it into an empty folder; nothing was changed.</source>
        <translation>该备份属于另一个数据库（研究中心 {site}，设备 {device}），而不是 {folder} 中的数据库：请将其恢复到一个空文件夹；未做任何更改。</translation>
    </message>
    <message>
        <source>The restore could not finish ({problem}): nothing was changed.</source>
        <translation>恢复未能完成（{problem}）：未做任何更改。</translation>
    </message>
</context>
<context>
    <name>SafetyPage</name>
    <message>
        <source>Safety: adverse events and the SAE reporting clock</source>
        <translation>安全性：不良事件与 SAE 报告时限</translation>
    </message>
    <message>
        <source>Grade {grade}</source>
        <translation>{grade} 级</translation>
    </message>
    <message>
        <source>Grade filter</source>
        <translation>按分级筛选</translation>
    </message>
    <message>
        <source>All grades</source>
        <translation>所有分级</translation>
    </message>
    <message>
        <source>Serious filter</source>
        <translation>按严重性筛选</translation>
    </message>
    <message>
        <source>Serious or not</source>
        <translation>严重与非严重</translation>
    </message>
    <message>
        <source>Serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Not serious</source>
        <translation>非严重</translation>
    </message>
    <message>
        <source>Causality filter</source>
        <translation>按相关性筛选</translation>
    </message>
    <message>
        <source>Any causality</source>
        <translation>任何相关性</translation>
    </message>
    <message>
        <source>Related</source>
        <translation>相关</translation>
    </message>
    <message>
        <source>Not related</source>
        <translation>不相关</translation>
    </message>
    <message>
        <source>Not assessed</source>
        <translation>未评估</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任何状态</translation>
    </message>
    <message>
        <source>{count} adverse events; {open} serious not yet reported; {late} overdue.</source>
        <translation>{count} 例不良事件；{open} 例严重不良事件尚未报告；{late} 例已超时。</translation>
    </message>
    <message>
        <source>{count} adverse events; {open} serious not yet reported.</source>
        <translation>{count} 例不良事件；{open} 例严重不良事件尚未报告。</translation>
    </message>
</context>
<context>
    <name>SafetyTableModel</name>
    <message>
        <source>Study ID</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>Kit</source>
        <translation>药盒</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Onset</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Serious</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Causality (product)</source>
        <translation>与研究药物的相关性</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>SAE clock</source>
        <translation>SAE 报告时限</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>已录入</translation>
    </message>
    <message>
        <source>Assessed</source>
        <translation>已评估</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <source>Signature void</source>
        <translation>签名已作废</translation>
    </message>
    <message>
        <source>{term} (infusion reaction)</source>
        <translation>{term}（输注反应）</translation>
    </message>
    <message>
        <source>%d %b %H:%M</source>
        <translation>%m月%d日 %H:%M</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ScanPrefixSetting</name>
    <message>
        <source>The scanner prefix is at most {most} characters; {text} has {count}.</source>
        <translation>扫码枪前缀最多 {most} 个字符；{text} 有 {count} 个。</translation>
    </message>
    <message>
        <source>The scanner prefix is printable ASCII without spaces, as the scanner&apos;s manual sets it; {text} is not.</source>
        <translation>扫码枪前缀须为不含空格的可打印 ASCII 字符（按扫码枪说明书设置）；{text} 不符合。</translation>
    </message>
    <message>
        <source>The scanner prefix needs a character no code or name starts with, such as ~ or ]; {text} is only letters and digits.</source>
        <translation>扫码枪前缀需包含任何编码或名称都不会以之开头的字符，例如 ~ 或 ]；{text} 只有字母和数字。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot change the scanner prefix.</source>
        <translation>您的角色（{role}）无权更改扫码枪前缀。</translation>
    </message>
    <message>
        <source>Scanner prefix</source>
        <translation>扫码枪前缀</translation>
    </message>
    <message>
        <source>none: told by speed</source>
        <translation>无：按输入速度识别</translation>
    </message>
    <message>
        <source>Save prefix</source>
        <translation>保存前缀</translation>
    </message>
    <message>
        <source>Scans now start with {prefix}.</source>
        <translation>扫码现在以 {prefix} 开头。</translation>
    </message>
    <message>
        <source>Scans are told by speed.</source>
        <translation>扫码按输入速度识别。</translation>
    </message>
</context>
<context>
    <name>Screening</name>
    <message>
        <source>Enter the {label}.</source>
        <translation>请填写{label}。</translation>
    </message>
    <message>
        <source>The {label} is too long to be a number.</source>
        <translation>{label}过长，不是有效数字。</translation>
    </message>
    <message>
        <source>Initials are 1 to 4 letters (A–Z).</source>
        <translation>姓名缩写为 1 至 4 个字母（A–Z）。</translation>
    </message>
    <message>
        <source>Choose the sex: female or male.</source>
        <translation>请选择性别：女或男。</translation>
    </message>
    <message>
        <source>Enter the date of birth, or the age in years if the date is not known.</source>
        <translation>请填写出生日期；如不知道出生日期，请填写年龄（岁）。</translation>
    </message>
    <message>
        <source>Give the date of birth or the age, not both: leave the age blank.</source>
        <translation>出生日期和年龄只填其一：请将年龄留空。</translation>
    </message>
    <message>
        <source>The date of birth is in the future.</source>
        <translation>出生日期在将来。</translation>
    </message>
    <message>
        <source>The date of birth gives an age above {max}.</source>
        <translation>按出生日期计算年龄超过 {max} 岁。</translation>
    </message>
    <message>
        <source>The age is a whole number of years from 0 to {max}.</source>
        <translation>年龄为 0 至 {max} 的整数（岁）。</translation>
    </message>
    <message>
        <source>body weight in kg</source>
        <translation>体重（kg）</translation>
    </message>
    <message>
        <source>height in cm</source>
        <translation>身高（cm）</translation>
    </message>
    <message>
        <source>Enter the admission date.</source>
        <translation>请填写入院日期。</translation>
    </message>
    <message>
        <source>The admission date is in the future.</source>
        <translation>入院日期在将来。</translation>
    </message>
    <message>
        <source>The admission date is before the date of birth.</source>
        <translation>入院日期早于出生日期。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot enter study data.</source>
        <translation>您的角色（{role}）不能录入研究数据。</translation>
    </message>
    <message>
        <source>There is no participant {participant}.</source>
        <translation>不存在受试者 {participant}。</translation>
    </message>
    <message>
        <source>Give the reason for the screen failure.</source>
        <translation>请填写筛选失败的原因。</translation>
    </message>
    <message>
        <source>{participant} is {status}: only a participant still in screening can be screen failed.</source>
        <translation>{participant} 的状态为 {status}：只有仍在筛选中的受试者才能判定为筛选失败。</translation>
    </message>
    <message>
        <source>The study ID prefix is 1–16 letters, digits, &apos;-&apos; or &apos;_&apos;, e.g. WH01-.</source>
        <translation>研究编号前缀为 1–16 个字母、数字、“-”或“_”，例如 WH01-。</translation>
    </message>
    <message>
        <source>Study ID numbers are whole numbers 1–{max}.</source>
        <translation>研究编号的数字为 1–{max} 的整数。</translation>
    </message>
    <message>
        <source>The last number is below the first.</source>
        <translation>末号小于首号。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot set the study ID range.</source>
        <translation>您的角色（{role}）不能设置研究编号范围。</translation>
    </message>
    <message>
        <source>Study ID {study_id} is already assigned inside that range: start the new range after {number}.</source>
        <translation>该范围内的研究编号 {study_id} 已被分配：新范围请从 {number} 之后开始。</translation>
    </message>
    <message>
        <source>{screening_number} is already enrolled as {study_id}.</source>
        <translation>{screening_number} 已入组，研究编号为 {study_id}。</translation>
    </message>
    <message>
        <source>{screening_number} cannot be enrolled yet: an investigator must first sign an eligibility assessment that says eligible.</source>
        <translation>{screening_number} 暂不能入组：研究者必须先签名一份结论为符合入选的入选资格评估。</translation>
    </message>
    <message>
        <source>This device has no study ID range: ask an admin to set one, then enrol again.</source>
        <translation>本设备没有研究编号范围：请管理员设置后再入组。</translation>
    </message>
    <message>
        <source>This device&apos;s study IDs ({range}) are all used: ask an admin to set a new range, then enrol again.</source>
        <translation>本设备的研究编号（{range}）已全部用完：请管理员设置新范围后再入组。</translation>
    </message>
</context>
<context>
    <name>ScreeningDialog</name>
    <message>
        <source>Screen a patient</source>
        <translation>筛选患者</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>取消(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open participant</source>
        <translation>打开受试者(&amp;O)</translation>
    </message>
    <message>
        <source>Save first: then the new participant can be opened.</source>
        <translation>请先保存：保存后即可打开新受试者。</translation>
    </message>
    <message>
        <source>the new patient</source>
        <translation>新患者</translation>
    </message>
    <message>
        <source>Saved as {label}.</source>
        <translation>已保存为 {label}。</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ScreeningForm</name>
    <message>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Admission date</source>
        <translation>入院日期</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Screen another patient</source>
        <translation>筛选下一位患者</translation>
    </message>
    <message>
        <source>Reason for the screen failure</source>
        <translation>筛选失败原因</translation>
    </message>
    <message>
        <source>Record screen failure</source>
        <translation>记录筛选失败</translation>
    </message>
    <message>
        <source>Enrol: assign the study ID</source>
        <translation>入组：分配研究编号</translation>
    </message>
    <message>
        <source>Screen a patient</source>
        <translation>筛选患者</translation>
    </message>
    <message>
        <source>Everything here can be corrected later, with a reason.</source>
        <translation>此处所有内容以后均可更正，但须说明原因。</translation>
    </message>
    <message>
        <source>Initials are 1 to {longest} letters A–Z.</source>
        <translation>姓名缩写为 1 至 {longest} 个字母（A–Z）。</translation>
    </message>
    <message>
        <source>&amp;Initials</source>
        <translation>姓名缩写(&amp;I)</translation>
    </message>
    <message>
        <source>1–4 letters, e.g. LW.</source>
        <translation>1–4 个字母，例如 LW。</translation>
    </message>
    <message>
        <source>Se&amp;x</source>
        <translation>性别(&amp;X)</translation>
    </message>
    <message>
        <source>Date of &amp;birth</source>
        <translation>出生日期(&amp;B)</translation>
    </message>
    <message>
        <source>A&amp;ge</source>
        <translation>年龄(&amp;G)</translation>
    </message>
    <message>
        <source>years</source>
        <translation>岁</translation>
    </message>
    <message>
        <source>Only when the date of birth is not known.</source>
        <translation>仅在出生日期不详时填写。</translation>
    </message>
    <message>
        <source>&amp;Weight</source>
        <translation>体重(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Height</source>
        <translation>身高(&amp;H)</translation>
    </message>
    <message>
        <source>If known.</source>
        <translation>如已知。</translation>
    </message>
    <message>
        <source>A&amp;dmitted on</source>
        <translation>入院日期(&amp;D)</translation>
    </message>
    <message>
        <source>End of screening</source>
        <translation>结束筛选</translation>
    </message>
    <message>
        <source>Why screening ends here, e.g. declined consent</source>
        <translation>筛选在此结束的原因，例如拒绝签署知情同意</translation>
    </message>
    <message>
        <source>You are changing the screening details of this patient.</source>
        <translation>您正在修改该患者的筛选信息。</translation>
    </message>
    <message>
        <source>You are changing the screening details of {label}.</source>
        <translation>您正在修改 {label} 的筛选信息。</translation>
    </message>
    <message>
        <source>New patient: the screening number is given on saving.</source>
        <translation>新患者：保存后生成筛选号。</translation>
    </message>
    <message>
        <source>Signed eligible. This device has no study ID range yet: ask an admin.</source>
        <translation>已签名确认符合入选资格。本设备尚未设置研究编号范围：请联系管理员。</translation>
    </message>
    <message>
        <source>Signed eligible. Next study ID: {study_id} ({remaining} left of {range}).</source>
        <translation>已签名确认符合入选资格。下一个研究编号：{study_id}（{range} 中还剩 {remaining} 个）。</translation>
    </message>
    <message>
        <source>Signed eligible. This device&apos;s study IDs ({range}) are all used: ask an admin.</source>
        <translation>已签名确认符合入选资格。本设备的研究编号（{range}）已全部用完：请联系管理员。</translation>
    </message>
    <message>
        <source>{age} years today</source>
        <translation>今天 {age} 岁</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>The idle lock needs a whole number of minutes, not {value}.</source>
        <translation>闲置锁定时间须为整数分钟，而不是 {value}。</translation>
    </message>
    <message>
        <source>The idle lock needs a whole number of minutes, not nothing.</source>
        <translation>闲置锁定时间须为整数分钟，不能为空。</translation>
    </message>
    <message>
        <source>The idle lock must be between {low} and {high} minutes.</source>
        <translation>闲置锁定时间必须在 {low} 至 {high} 分钟之间。</translation>
    </message>
    <message>
        <source>Unknown language {code}: choose one of {choices}.</source>
        <translation>未知语言 {code}：请选择以下之一：{choices}。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot change the idle lock timeout.</source>
        <translation>您的角色（{role}）不能更改闲置锁定时间。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot change the interface language.</source>
        <translation>您的角色（{role}）不能更改界面语言。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot change the sync folder.</source>
        <translation>您的角色（{role}）不能更改同步文件夹。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot change the sync interval.</source>
        <translation>您的角色（{role}）不能更改同步间隔。</translation>
    </message>
    <message>
        <source>Choose the sync folder: the USB stick or the network share.</source>
        <translation>请选择同步文件夹：U 盘或网络共享文件夹。</translation>
    </message>
    <message>
        <source>The sync folder&apos;s name has characters a folder cannot have.</source>
        <translation>同步文件夹名称中含有文件夹不能使用的字符。</translation>
    </message>
    <message>
        <source>The sync folder must be a full path, not {folder}.</source>
        <translation>同步文件夹必须是完整路径，而不是 {folder}。</translation>
    </message>
    <message>
        <source>The sync interval needs a whole number of minutes, not {value}.</source>
        <translation>同步间隔须为整数分钟，而不是 {value}。</translation>
    </message>
    <message>
        <source>The sync interval needs a whole number of minutes, not nothing.</source>
        <translation>同步间隔须为整数分钟，不能为空。</translation>
    </message>
    <message>
        <source>The sync interval must be between {low} and {high} minutes.</source>
        <translation>同步间隔必须在 {low} 至 {high} 分钟之间。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>I have printed or saved the recovery key and put it somewhere safe</source>
        <translation>我已打印或保存恢复密钥，并已妥善存放</translation>
    </message>
    <message>
        <source>2–32 lower-case letters, digits, “.”, “_” or “-”, starting with a letter.</source>
        <translation>2–32 个小写字母、数字、“.”、“_”或“-”，须以字母开头。</translation>
    </message>
    <message>
        <source>The key uses the letters A–Z and the digits 2–7 only: no zero, no one.</source>
        <translation>密钥只使用字母 A–Z 和数字 2–7：没有数字 0，也没有数字 1。</translation>
    </message>
    <message>
        <source>Letters, digits or “_”, up to 32, for example WH01.</source>
        <translation>字母、数字或“_”，最多 32 个，例如 WH01。</translation>
    </message>
    <message>
        <source>Type your full name as it should be printed under your signature.</source>
        <translation>请输入您的姓名，与签名下方打印的一致。</translation>
    </message>
    <message>
        <source>The two passwords are not the same: type them again.</source>
        <translation>两次输入的密码不一致：请重新输入。</translation>
    </message>
    <message>
        <source>Bedside recovery key</source>
        <translation>Bedside 恢复密钥</translation>
    </message>
    <message>
        <source>Site &lt;b&gt;{site}&lt;/b&gt; · device &lt;b&gt;{device}&lt;/b&gt;&lt;br/&gt;
Store {store}&lt;br/&gt;Created {created}</source>
        <translation>中心 &lt;b&gt;{site}&lt;/b&gt; · 设备 &lt;b&gt;{device}&lt;/b&gt;&lt;br/&gt;
数据库 {store}&lt;br/&gt;创建于 {created}</translation>
    </message>
    <message>
        <source>This key opens the store if every admin password is lost. With it an admin can set
a new password (&lt;tt&gt;bedside recover --user NAME&lt;/tt&gt;).</source>
        <translation>如所有管理员密码都遗失，此密钥可打开数据库。管理员可凭它设置
新密码（&lt;tt&gt;bedside recover --user NAME&lt;/tt&gt;）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Keep this page locked away, apart from the laptop.&lt;/b&gt; Anyone who has this key and
a copy of the data folder can read the data. Do not photograph it or keep it on the
laptop.</source>
        <translation>&lt;b&gt;请将本页锁好保管，不要与笔记本电脑放在一起。&lt;/b&gt;任何人持有此密钥和
数据文件夹的副本即可读取数据。请勿拍照，也不要保存在
笔记本电脑上。</translation>
    </message>
    <message>
        <source>Kept by: ________________________ &amp;nbsp; Date: ____________</source>
        <translation>保管人：________________________ &amp;nbsp; 日期：____________</translation>
    </message>
    <message>
        <source>Signature: ______________________________</source>
        <translation>签名：______________________________</translation>
    </message>
    <message>
        <source>Bedside — set up this laptop</source>
        <translation>Bedside — 设置这台笔记本电脑</translation>
    </message>
    <message>
        <source>Create the store</source>
        <translation>创建数据库</translation>
    </message>
    <message>
        <source>Start Bedside</source>
        <translation>启动 Bedside</translation>
    </message>
    <message>
        <source>Bedside cannot make its files in {folder} ({reason}): choose a folder you can write to.</source>
        <translation>Bedside 无法在 {folder} 中创建文件（{reason}）：请选择您有写入权限的文件夹。</translation>
    </message>
    <message>
        <source>Print or save the recovery key and tick the box first: it is shown only once.</source>
        <translation>请先打印或保存恢复密钥并勾选确认框：密钥只显示一次。</translation>
    </message>
</context>
<context>
    <name>Signing</name>
    <message>
        <source>Records in {table} cannot be signed.</source>
        <translation>{table} 中的记录不能签名。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot sign records.</source>
        <translation>您的角色（{role}）不能签名记录。</translation>
    </message>
    <message>
        <source>Say what the signature means (for example: reviewed and approved).</source>
        <translation>请说明签名的含义（例如：已审核并批准）。</translation>
    </message>
    <message>
        <source>There is no record {record} to sign.</source>
        <translation>不存在待签名的记录 {record}。</translation>
    </message>
</context>
<context>
    <name>SitePage</name>
    <message>
        <source>Set up Bedside on this laptop</source>
        <translation>在这台笔记本电脑上设置 Bedside</translation>
    </message>
    <message>
        <source>Which site is this, and what is this laptop called?</source>
        <translation>这是哪个中心？这台笔记本电脑叫什么名称？</translation>
    </message>
    <message>
        <source>Site code</source>
        <translation>中心代码</translation>
    </message>
    <message>
        <source>Device name</source>
        <translation>设备名称</translation>
    </message>
    <message>
        <source>The encrypted data will be kept in {folder}.</source>
        <translation>加密数据将保存在 {folder}。</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>{label}: enter the time.</source>
        <translation>{label}：请输入时间。</translation>
    </message>
    <message>
        <source>Why {label} is refused</source>
        <translation>{label}未被接受的原因</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enter the {label}.</source>
        <translation>请输入{label}。</translation>
    </message>
</context>
<context>
    <name>StopPrompt</name>
    <message>
        <source>Stop the infusion?</source>
        <translation>停止输注？</translation>
    </message>
    <message>
        <source>These vital signs meet the protocol&apos;s stop criteria:
{criteria}</source>
        <translation>这些生命体征符合方案规定的停止标准：
{criteria}</translation>
    </message>
    <message>
        <source>&amp;Stop the infusion…</source>
        <translation>停止输注(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Report an adverse event</source>
        <translation>报告不良事件(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Continue the infusion</source>
        <translation>继续输注(&amp;C)</translation>
    </message>
</context>
<context>
    <name>Store</name>
    <message>
        <source>bad hash</source>
        <translation>哈希值错误</translation>
    </message>
    <message>
        <source>format</source>
        <translation>格式错误</translation>
    </message>
    <message>
        <source>another store&apos;s anchor</source>
        <translation>属于另一个数据库的锚点</translation>
    </message>
    <message>
        <source>bad manifest</source>
        <translation>清单错误</translation>
    </message>
    <message>
        <source>members</source>
        <translation>成员错误</translation>
    </message>
    <message>
        <source>expected base64 text</source>
        <translation>应为 base64 文本</translation>
    </message>
    <message>
        <source>wrong length</source>
        <translation>长度错误</translation>
    </message>
    <message>
        <source>number out of range</source>
        <translation>数值超出范围</translation>
    </message>
    <message>
        <source>bad text</source>
        <translation>文本错误</translation>
    </message>
    <message>
        <source>expected an object</source>
        <translation>应为对象</translation>
    </message>
    <message>
        <source>nested too deeply</source>
        <translation>嵌套过深</translation>
    </message>
    <message>
        <source>{name} is not a number Bedside writes</source>
        <translation>{name} 不是 Bedside 写入的数值</translation>
    </message>
    <message>
        <source>number too long</source>
        <translation>数字过长</translation>
    </message>
    <message>
        <source>too large</source>
        <translation>过大</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>There is no Bedside store in {folder}.</source>
        <translation>{folder} 中没有 Bedside 数据库。</translation>
    </message>
    <message>
        <source>Bedside cannot write to {folder}: check the folder is writable.</source>
        <translation>Bedside 无法写入 {folder}：请检查该文件夹是否可写。</translation>
    </message>
    <message>
        <source>The disk failed a write: nothing was saved. Save again; if it fails, back up and call IT.</source>
        <translation>磁盘写入失败：没有保存任何内容。请再保存一次；如果仍然失败，请备份并联系 IT。</translation>
    </message>
    <message>
        <source>The disk failed a write, so the file was not written: try again, or use another disk.</source>
        <translation>磁盘写入失败，文件没有写成：请重试，或换一个磁盘。</translation>
    </message>
    <message>
        <source>The database {name} is not a file: restore it from a backup.</source>
        <translation>数据库 {name} 不是文件：请从备份恢复。</translation>
    </message>
    <message>
        <source>The database {name} is damaged (it is empty): restore it from a backup.</source>
        <translation>数据库 {name} 已损坏（为空）：请从备份恢复。</translation>
    </message>
    <message>
        <source>The database {name} is damaged (it is cut short): restore it from a backup.</source>
        <translation>数据库 {name} 已损坏（不完整）：请从备份恢复。</translation>
    </message>
    <message>
        <source>The database {name} is not an encrypted Bedside store: restore it from a backup.</source>
        <translation>数据库 {name} 不是加密的 Bedside 数据库：请从备份恢复。</translation>
    </message>
    <message>
        <source>This build of Bedside has no SQLCipher: it refuses to store data unencrypted.</source>
        <translation>此版本的 Bedside 没有 SQLCipher：它拒绝以未加密方式保存数据。</translation>
    </message>
    <message>
        <source>The disk is full: free some space, then save again.</source>
        <translation>磁盘已满：请释放一些空间后再保存。</translation>
    </message>
    <message>
        <source>The store in {folder} is damaged: restore it from backup.</source>
        <translation>{folder} 中的数据库已损坏：请从备份恢复。</translation>
    </message>
    <message>
        <source>The store is busy with another task: try again in a moment.</source>
        <translation>数据库正忙于其他任务：请稍后重试。</translation>
    </message>
    <message>
        <source>The disk is full: free some space, then try again.</source>
        <translation>磁盘已满：请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The key file is damaged: restore it from a backup ({name} is damaged or was edited).</source>
        <translation>密钥文件已损坏：请从备份恢复（{name} 已损坏或被编辑过）。</translation>
    </message>
    <message>
        <source>The user name or password is not right.</source>
        <translation>用户名或密码不正确。</translation>
    </message>
    <message>
        <source>A key slot was altered: restore keyslots.json from backup.</source>
        <translation>有密钥槽被改动过：请从备份恢复 keyslots.json。</translation>
    </message>
    <message>
        <source>bad salt</source>
        <translation>盐值错误</translation>
    </message>
    <message>
        <source>too little memory for the lanes</source>
        <translation>内存不足以支持所设并行度</translation>
    </message>
    <message>
        <source>unknown kdf</source>
        <translation>未知的密钥派生函数</translation>
    </message>
    <message>
        <source>the key derivation parameters were changed</source>
        <translation>密钥派生参数被改动过</translation>
    </message>
    <message>
        <source>unknown slot kind</source>
        <translation>未知的密钥槽类型</translation>
    </message>
    <message>
        <source>a slot holds one or two key generations</source>
        <translation>一个密钥槽只能包含一代或两代密钥</translation>
    </message>
    <message>
        <source>bad key generation</source>
        <translation>密钥代次错误</translation>
    </message>
    <message>
        <source>The key-slot file {name} is missing: restore it from backup.</source>
        <translation>密钥槽文件 {name} 缺失：请从备份恢复。</translation>
    </message>
    <message>
        <source>bad store id</source>
        <translation>数据库标识错误</translation>
    </message>
    <message>
        <source>bad pending generation</source>
        <translation>待生效的密钥代次错误</translation>
    </message>
    <message>
        <source>bad rekey flag</source>
        <translation>更换密钥标志错误</translation>
    </message>
    <message>
        <source>bad slot list</source>
        <translation>密钥槽列表错误</translation>
    </message>
    <message>
        <source>a slot lacks the key generation in force</source>
        <translation>有密钥槽缺少当前生效的密钥代次</translation>
    </message>
    <message>
        <source>two slots with one name</source>
        <translation>两个密钥槽同名</translation>
    </message>
    <message>
        <source>The store is in use by another copy of Bedside: close it first.</source>
        <translation>数据库正被另一个 Bedside 程序使用：请先关闭那个程序。</translation>
    </message>
    <message>
        <source>The user name or password is not right: try again in {seconds} s.</source>
        <translation>用户名或密码不正确：请在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <source>The store is being re-keyed: try again in a moment.</source>
        <translation>数据库正在更换密钥：请稍后重试。</translation>
    </message>
    <message>
        <source>The database does not match its key slots, or it is damaged: restore it from backup.</source>
        <translation>数据库与其密钥槽不匹配，或已损坏：请从备份恢复。</translation>
    </message>
    <message>
        <source>The copy of Bedside that has the store open is another version: close it, then try again.</source>
        <translation>打开该数据库的 Bedside 程序是另一个版本：请关闭它后重试。</translation>
    </message>
    <message>
        <source>The account {user} is disabled: ask an admin.</source>
        <translation>账户 {user} 已停用：请联系管理员。</translation>
    </message>
    <message>
        <source>There is no Bedside store in {folder}: run &apos;bedside init&apos; first.</source>
        <translation>{folder} 中没有 Bedside 数据库：请先运行 &apos;bedside init&apos;。</translation>
    </message>
    <message>
        <source>A Bedside store already exists in {folder}: nothing was changed.</source>
        <translation>{folder} 中已存在 Bedside 数据库：未做任何更改。</translation>
    </message>
    <message>
        <source>The database {name} holds no Bedside store: restore it from a backup.</source>
        <translation>数据库 {name} 中没有 Bedside 数据：请从备份恢复。</translation>
    </message>
    <message>
        <source>The password is not right: try again in {seconds} s.</source>
        <translation>密码不正确：请在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <source>The store could not be re-keyed now, perhaps because another task is using it: nothing was changed, so try again.</source>
        <translation>现在无法更换数据库密钥，可能是另一项任务正在使用数据库：未做任何更改，请重试。</translation>
    </message>
    <message>
        <source>The site code {value} is not allowed: use 1–32 letters, digits or &apos;_&apos;.</source>
        <translation>研究中心代码 {value} 不允许使用：请使用 1–32 个字母、数字或 &apos;_&apos;。</translation>
    </message>
    <message>
        <source>The device code {value} is not allowed: use 1–32 letters, digits or &apos;_&apos;.</source>
        <translation>设备代码 {value} 不允许使用：请使用 1–32 个字母、数字或 &apos;_&apos;。</translation>
    </message>
    <message>
        <source>The {what} code {value} is not allowed: use 1–32 letters, digits or &apos;_&apos;.</source>
        <translation>{what} 代码 {value} 不允许使用：请使用 1–32 个字母、数字或 &apos;_&apos;。</translation>
    </message>
    <message>
        <source>A monitor can read but not change data.</source>
        <translation>监查员可以查看但不能更改数据。</translation>
    </message>
    <message>
        <source>Give a reason for deleting a saved record.</source>
        <translation>删除已保存的记录时请填写原因。</translation>
    </message>
    <message>
        <source>Give a reason for changing {field}: it was already saved.</source>
        <translation>请填写更改 {field} 的原因：该项已保存过。</translation>
    </message>
    <message>
        <source>The reason holds a control character (such as NUL) that cannot be saved: remove it.</source>
        <translation>原因中含有无法保存的控制字符（如 NUL）：请将其删除。</translation>
    </message>
    <message>
        <source>The {what} holds a control character (such as NUL) that cannot be saved: remove it.</source>
        <translation>{what} 中含有无法保存的控制字符（如 NUL）：请将其删除。</translation>
    </message>
    <message>
        <source>The disk is full: nothing was saved. Free some space and save again.</source>
        <translation>磁盘已满：未保存任何内容。请释放一些空间后再保存。</translation>
    </message>
    <message>
        <source>The store is damaged: nothing was saved. Restore it from backup.</source>
        <translation>数据库已损坏：未保存任何内容。请从备份恢复。</translation>
    </message>
</context>
<context>
    <name>StudyRangeTab</name>
    <message>
        <source>This device has no study-ID range yet.</source>
        <translation>本设备尚未设置研究编号范围。</translation>
    </message>
    <message>
        <source>Enrolment cannot give study IDs until a range is set here.</source>
        <translation>在此设置范围之前，入组时无法分配研究编号。</translation>
    </message>
    <message>
        <source>{label}: {remaining} of {total} left.</source>
        <translation>{label}：共 {total} 个，剩余 {remaining} 个。</translation>
    </message>
    <message>
        <source>Every study ID in this range is used: set a new range before the next enrolment.</source>
        <translation>此范围内的研究编号已全部用完：请在下一次入组前设置新的范围。</translation>
    </message>
    <message>
        <source>{label}: {remaining} of {total} left; the next enrolment gets {next}.</source>
        <translation>{label}：共 {total} 个，剩余 {remaining} 个；下一位入组者将获得 {next}。</translation>
    </message>
    <message>
        <source>Only {count} study ID left: set the next range soon.</source>
        <translation>仅剩 {count} 个研究编号：请尽快设置下一个范围。</translation>
    </message>
    <message>
        <source>Only {count} study IDs left: set the next range soon.</source>
        <translation>仅剩 {count} 个研究编号：请尽快设置下一个范围。</translation>
    </message>
    <message>
        <source>&amp;Set the range</source>
        <translation>设置范围(&amp;S)</translation>
    </message>
    <message>
        <source>Current study-ID range</source>
        <translation>当前研究编号范围</translation>
    </message>
    <message>
        <source>Study-ID range warning</source>
        <translation>研究编号范围警告</translation>
    </message>
    <message>
        <source>Each device hands out study IDs from its own range, so two laptops offline never give the same one. A new range may not include an ID already given out here.</source>
        <translation>每台设备从各自的范围内分配研究编号，因此两台离线的笔记本电脑不会分配出相同的编号。新范围不得包含本设备已分配过的编号。</translation>
    </message>
    <message>
        <source>e.g. WH01-</source>
        <translation>例如 WH01-</translation>
    </message>
    <message>
        <source>Why the range was not set</source>
        <translation>范围未能设置的原因</translation>
    </message>
    <message>
        <source>P&amp;refix</source>
        <translation>前缀(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;First number</source>
        <translation>起始号码(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Last number</source>
        <translation>结束号码(&amp;L)</translation>
    </message>
    <message>
        <source>Saved: this device now hands out {label}.</source>
        <translation>已保存：本设备现在分配 {label}。</translation>
    </message>
</context>
<context>
    <name>SymptomsForm</name>
    <message>
        <source>Fever</source>
        <translation>发热</translation>
    </message>
    <message>
        <source>Dry cough</source>
        <translation>干咳</translation>
    </message>
    <message>
        <source>Difficulty breathing</source>
        <translation>呼吸困难</translation>
    </message>
    <message>
        <source>Chest tightness</source>
        <translation>胸闷</translation>
    </message>
    <message>
        <source>Sputum</source>
        <translation>咳痰</translation>
    </message>
    <message>
        <source>Sore throat</source>
        <translation>咽痛</translation>
    </message>
    <message>
        <source>Fatigue</source>
        <translation>乏力</translation>
    </message>
    <message>
        <source>Muscle aches</source>
        <translation>肌肉酸痛</translation>
    </message>
    <message>
        <source>Symptoms</source>
        <translation>症状</translation>
    </message>
    <message>
        <source>Respiratory symptoms</source>
        <translation>呼吸道症状</translation>
    </message>
    <message>
        <source>For each symptom the participant has had: the day it started and, once gone, the day it resolved (2026-03-01, or day first: 1.3.2026). Leave both blank for a symptom never present.</source>
        <translation>受试者出现过的每种症状：填写开始日期，症状消失后填写消退日期（2026-03-01，或日在前：1.3.2026）。从未出现的症状两项均留空。</translation>
    </message>
    <message>
        <source>{symptom}: resolved on</source>
        <translation>{symptom}：消退日期</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>消退于</translation>
    </message>
    <message>
        <source>{symptom}: started</source>
        <translation>{symptom}：开始日期</translation>
    </message>
    <message>
        <source>{symptom}: resolved</source>
        <translation>{symptom}：消退日期</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Pin the hub first (bedside device set-hub).</source>
        <translation>请先绑定中心服务器（bedside device set-hub）。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot sync this device: only people who enter data or manage the device can send bundles, apply receipts or use the device key.</source>
        <translation>您的角色（{role}）不能同步本设备：只有录入数据或管理设备的人员才能发送数据包、应用回执或使用设备密钥。</translation>
    </message>
    <message>
        <source>Only an admin can pin the hub.</source>
        <translation>只有管理员可以绑定中心服务器。</translation>
    </message>
    <message>
        <source>That is not an age recipient (it starts with &apos;age1&apos;).</source>
        <translation>这不是 age 接收方（应以 &apos;age1&apos; 开头）。</translation>
    </message>
    <message>
        <source>That is not a minisign public key.</source>
        <translation>这不是 minisign 公钥。</translation>
    </message>
    <message>
        <source>The sync folder {folder} is not reachable.</source>
        <translation>无法访问同步文件夹 {folder}。</translation>
    </message>
    <message>
        <source>A bundle number {seq} from this device is already in {folder}: move it away or wait for the hub to take it.</source>
        <translation>{folder} 中已有本设备编号为 {seq} 的数据包：请将其移走，或等待中心服务器取走。</translation>
    </message>
    <message>
        <source>Another sync wrote that bundle at the same moment: try again.</source>
        <translation>另一次同步在同一时刻写出了该数据包：请重试。</translation>
    </message>
    <message>
        <source>{name} is a receipt for another device.</source>
        <translation>{name} 是另一台设备的回执。</translation>
    </message>
    <message>
        <source>{name} acknowledges a bundle this device did not write.</source>
        <translation>{name} 确认的数据包不是本设备写出的。</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Choose the sync folder first: an admin picks it on this page.</source>
        <translation>请先选择同步文件夹：由管理员在此页面上选择。</translation>
    </message>
    <message>
        <source>Pin the hub first: an admin pastes its keys under &quot;Pin the hub&quot; on this page.</source>
        <translation>请先绑定中心端：由管理员在此页面的“绑定中心端”下粘贴其密钥。</translation>
    </message>
    <message>
        <source>{folder} is not reachable — plug in the USB stick or connect to the share.</source>
        <translation>无法访问 {folder} —— 请插入 U 盘或连接共享文件夹。</translation>
    </message>
    <message>
        <source>{name} could not be read ({reason}).</source>
        <translation>无法读取 {name}（{reason}）。</translation>
    </message>
    <message>
        <source>Hub acknowledged bundle {number}</source>
        <translation>中心端已确认数据包 {number}</translation>
    </message>
    <message>
        <source>{folder} is full: make room on the USB stick or share; sync tries again.</source>
        <translation>{folder} 已满：请在 U 盘或共享文件夹上腾出空间；同步将再次尝试。</translation>
    </message>
    <message>
        <source>Bedside could not write to {folder} ({reason}); sync tries again.</source>
        <translation>Bedside 无法写入 {folder}（{reason}）；同步将再次尝试。</translation>
    </message>
    <message>
        <source>Nothing new</source>
        <translation>无新内容</translation>
    </message>
    <message>
        <source>Wrote {name} (1 change)</source>
        <translation>已写入 {name}（1 项更改）</translation>
    </message>
    <message>
        <source>Wrote {name} ({count} changes)</source>
        <translation>已写入 {name}（{count} 项更改）</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>reachable</source>
        <translation>可访问</translation>
    </message>
    <message>
        <source>not reachable — plug in the USB stick or connect to the share</source>
        <translation>无法访问 — 请插入 U 盘或连接共享文件夹</translation>
    </message>
    <message>
        <source>Paste the hub&apos;s age recipient (it starts with &apos;age1&apos;).</source>
        <translation>请粘贴中心服务器的 age 接收方公钥（以“age1”开头）。</translation>
    </message>
    <message>
        <source>That is not an age recipient (it starts with &apos;age1&apos;).</source>
        <translation>这不是 age 接收方公钥（应以“age1”开头）。</translation>
    </message>
    <message>
        <source>Paste the hub&apos;s minisign public key (it starts with &apos;RW&apos;).</source>
        <translation>请粘贴中心服务器的 minisign 公钥（以“RW”开头）。</translation>
    </message>
    <message>
        <source>That is not a minisign public key (it starts with &apos;RW&apos;).</source>
        <translation>这不是 minisign 公钥（应以“RW”开头）。</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Sync not allowed</source>
        <translation>不允许同步</translation>
    </message>
    <message>
        <source>Recent attempts</source>
        <translation>最近的同步</translation>
    </message>
    <message>
        <source>This device&apos;s key</source>
        <translation>本设备的密钥</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>中心服务器</translation>
    </message>
    <message>
        <source>Pin the hub</source>
        <translation>绑定中心服务器</translation>
    </message>
    <message>
        <source>Unsynced changes: …</source>
        <translation>未同步的更改：…</translation>
    </message>
    <message>
        <source>Last sync: …</source>
        <translation>上次同步：…</translation>
    </message>
    <message>
        <source>Sync folder</source>
        <translation>同步文件夹</translation>
    </message>
    <message>
        <source>Sync folder reachable</source>
        <translation>同步文件夹是否可访问</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Sync every minutes</source>
        <translation>同步间隔分钟数</translation>
    </message>
    <message>
        <source>Save interval</source>
        <translation>保存间隔</translation>
    </message>
    <message>
        <source>Sync folder message</source>
        <translation>同步文件夹提示</translation>
    </message>
    <message>
        <source>Sync every</source>
        <translation>同步间隔</translation>
    </message>
    <message>
        <source>An admin chooses the folder and the interval.</source>
        <translation>文件夹和同步间隔由管理员设置。</translation>
    </message>
    <message>
        <source>No sync tried yet: press Sync now, or wait for the next automatic sync.</source>
        <translation>尚未进行同步：请按“立即同步”，或等待下一次自动同步。</translation>
    </message>
    <message>
        <source>No sync runs while you are logged in.</source>
        <translation>您登录期间不会进行同步。</translation>
    </message>
    <message>
        <source>Recent sync attempts</source>
        <translation>最近的同步记录</translation>
    </message>
    <message>
        <source>Register this laptop at the hub as device {device} (site {site}) with this key: scan it, paste it, or read it out.</source>
        <translation>请用此密钥在中心服务器将这台笔记本电脑登记为设备 {device}（中心 {site}）：扫描、粘贴或念出均可。</translation>
    </message>
    <message>
        <source>No hub is pinned yet: bundles cannot be written.</source>
        <translation>尚未绑定中心服务器：无法写出数据包。</translation>
    </message>
    <message>
        <source>Age recipient: bundles are encrypted to it.</source>
        <translation>age 接收方公钥：数据包用它加密。</translation>
    </message>
    <message>
        <source>Minisign key: receipts must be signed with it.</source>
        <translation>minisign 公钥：回执必须用它签名。</translation>
    </message>
    <message>
        <source>Paste (or scan) the hub&apos;s two public keys, as &apos;bedside hub keys&apos; prints them at the coordinating centre. Read them back to the data manager before pinning.</source>
        <translation>请粘贴（或扫描）中心服务器的两个公钥，即协调中心用“bedside hub keys”打印出的内容。绑定前请向数据管理员复述核对。</translation>
    </message>
    <message>
        <source>Hub age recipient</source>
        <translation>中心服务器 age 接收方公钥</translation>
    </message>
    <message>
        <source>age1…</source>
        <translation>age1…</translation>
    </message>
    <message>
        <source>Hub minisign key</source>
        <translation>中心服务器 minisign 公钥</translation>
    </message>
    <message>
        <source>RW…</source>
        <translation>RW…</translation>
    </message>
    <message>
        <source>Age recipient</source>
        <translation>age 接收方公钥</translation>
    </message>
    <message>
        <source>Minisign key</source>
        <translation>minisign 公钥</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>No folder chosen yet</source>
        <translation>尚未选择文件夹</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Unsynced changes: {count}</source>
        <translation>未同步的更改：{count}</translation>
    </message>
    <message>
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <source>Last sync: never</source>
        <translation>上次同步：从未同步</translation>
    </message>
    <message>
        <source>Hub: pinned</source>
        <translation>中心服务器：已绑定</translation>
    </message>
    <message>
        <source>Hub: not pinned yet</source>
        <translation>中心服务器：尚未绑定</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Choose the sync folder</source>
        <translation>选择同步文件夹</translation>
    </message>
    <message>
        <source>Saved: bundles go to this folder.</source>
        <translation>已保存：数据包将写入此文件夹。</translation>
    </message>
    <message>
        <source>Saved: sync every {minutes} min.</source>
        <translation>已保存：每 {minutes} min 同步一次。</translation>
    </message>
    <message>
        <source>Replace the pinned hub? Bundles will be encrypted to the new hub only.</source>
        <translation>更换已绑定的中心服务器？数据包将只加密给新的中心服务器。</translation>
    </message>
    <message>
        <source>Pinned: bundles are encrypted to this hub and only its receipts are accepted.</source>
        <translation>已绑定：数据包将加密给此中心服务器，且只接受其回执。</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Participant record</source>
        <translation>受试者记录</translation>
    </message>
    <message>
        <source>Eligibility checklist</source>
        <translation>入选资格核查表</translation>
    </message>
    <message>
        <source>Vital signs</source>
        <translation>生命体征</translation>
    </message>
    <message>
        <source>Oxygenation</source>
        <translation>氧合</translation>
    </message>
    <message>
        <source>Laboratory results</source>
        <translation>实验室检查结果</translation>
    </message>
    <message>
        <source>Chest imaging</source>
        <translation>胸部影像</translation>
    </message>
    <message>
        <source>Symptom</source>
        <translation>症状</translation>
    </message>
    <message>
        <source>Nucleic acid test</source>
        <translation>核酸检测</translation>
    </message>
    <message>
        <source>WHO scale score</source>
        <translation>WHO 量表评分</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>受试者去向</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>There is no participant {participant}.</source>
        <translation>不存在受试者 {participant}。</translation>
    </message>
    <message>
        <source>{thing} signed by {name} on {stamp} — {meaning}</source>
        <translation>{thing}由 {name} 于 {stamp} 签名 — {meaning}</translation>
    </message>
    <message>
        <source>Signed: {meaning} (VOID)</source>
        <translation>已签名：{meaning}（已作废）</translation>
    </message>
    <message>
        <source>Signed: {meaning}</source>
        <translation>已签名：{meaning}</translation>
    </message>
    <message>
        <source>the record was changed after signing</source>
        <translation>签名后记录被修改</translation>
    </message>
    <message>
        <source>Signature voided: {meaning}</source>
        <translation>签名已作废：{meaning}</translation>
    </message>
    <message>
        <source>{thing}: {why}</source>
        <translation>{thing}：{why}</translation>
    </message>
    <message>
        <source>Vital signs, visit {visit}</source>
        <translation>生命体征，访视 {visit}</translation>
    </message>
    <message>
        <source> — reason: {reason}</source>
        <translation> — 原因：{reason}</translation>
    </message>
    <message>
        <source>{thing} created</source>
        <translation>{thing}已创建</translation>
    </message>
    <message>
        <source>reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>{thing} deleted</source>
        <translation>{thing}已删除</translation>
    </message>
    <message>
        <source>Status changed to {status}</source>
        <translation>状态变更为{status}</translation>
    </message>
    <message>
        <source>{thing} changed</source>
        <translation>{thing}已修改</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>%d %b %Y %H:%M</source>
        <translation>%Y-%m-%d %H:%M</translation>
    </message>
</context>
<context>
    <name>TimepointGrid</name>
    <message>
        <source>Record…</source>
        <translation>记录…</translation>
    </message>
    <message>
        <source>Record {label}</source>
        <translation>记录{label}</translation>
    </message>
    <message>
        <source>Skip…</source>
        <translation>跳过…</translation>
    </message>
    <message>
        <source>Skip {label}</source>
        <translation>跳过{label}</translation>
    </message>
    <message>
        <source>after the end</source>
        <translation>输注结束后</translation>
    </message>
</context>
<context>
    <name>Today</name>
    <message>
        <source>No vital signs recorded yet</source>
        <translation>尚未记录生命体征</translation>
    </message>
    <message>
        <source>Last vital signs {days} days ago</source>
        <translation>上次生命体征在 {days} 天前</translation>
    </message>
    <message>
        <source>No vital signs today yet</source>
        <translation>今天尚未记录生命体征</translation>
    </message>
    <message>
        <source>eligible</source>
        <translation>符合入选</translation>
    </message>
    <message>
        <source>not eligible</source>
        <translation>不符合入选</translation>
    </message>
    <message>
        <source>Signature void: the checklist changed after signing; review it ({verdict}).</source>
        <translation>签名已作废：核查表在签名后被修改；请审核（{verdict}）。</translation>
    </message>
    <message>
        <source>Not signed yet ({verdict}).</source>
        <translation>尚未签名（{verdict}）。</translation>
    </message>
    <message>
        <source>Eligibility checklist</source>
        <translation>入选资格核查表</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>None: no serious adverse event waits to be reported.</source>
        <translation>无：没有待报告的严重不良事件。</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Visits due or overdue</source>
        <translation>待完成或已逾期的访视</translation>
    </message>
    <message>
        <source>Waiting for your signature</source>
        <translation>待您签名</translation>
    </message>
    <message>
        <source>None: every eligibility checklist with a verdict is signed.</source>
        <translation>无：所有已有结论的入选标准核查表均已签名。</translation>
    </message>
    <message>
        <source>Open serious adverse events</source>
        <translation>未关闭的严重不良事件</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Never synced.</source>
        <translation>从未同步。</translation>
    </message>
    <message>
        <source>{date} · updated {time}</source>
        <translation>{date} · 更新于 {time}</translation>
    </message>
    <message>
        <source>Visits due or overdue ({count}, {overdue} overdue)</source>
        <translation>待完成或已逾期的访视（{count} 项，{overdue} 项已逾期）</translation>
    </message>
    <message>
        <source>Visits due or overdue ({count})</source>
        <translation>待完成或已逾期的访视（{count} 项）</translation>
    </message>
    <message>
        <source>dddd dd MMMM yyyy</source>
        <translation>yyyy年M月d日 dddd</translation>
    </message>
    <message>
        <source>None: no participant is on study.</source>
        <translation>无：目前没有在研受试者。</translation>
    </message>
    <message>
        <source>None: every participant on study has vital signs today.</source>
        <translation>无：所有在研受试者今日均已记录生命体征。</translation>
    </message>
    <message>
        <source>None: no visit is due or overdue today. {seen} of {on_study} participants on study have vital signs today.</source>
        <translation>无：今日没有待完成或已逾期的访视。{on_study} 名在研受试者中有 {seen} 名今日已记录生命体征。</translation>
    </message>
    <message>
        <source>Waiting for your signature ({count})</source>
        <translation>待您签名（{count} 项）</translation>
    </message>
    <message>
        <source>Last bundle written {when}.</source>
        <translation>上次写出数据包：{when}。</translation>
    </message>
    <message>
        <source>The hub last confirmed a bundle {when}.</source>
        <translation>中心服务器上次确认数据包：{when}。</translation>
    </message>
    <message>
        <source>The hub has not confirmed a bundle yet.</source>
        <translation>中心服务器尚未确认任何数据包。</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>P/F ratio</source>
        <translation>氧合指数（P/F）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>No SpO₂, P/F or laboratory values recorded yet.</source>
        <translation>尚未记录 SpO₂、P/F 或实验室检查值。</translation>
    </message>
    <message>
        <source>Trend chart</source>
        <translation>趋势图</translation>
    </message>
    <message>
        <source>{label}: {value} {unit} on day {day} (1 value)</source>
        <translation>{label}：第 {day} 天 {value} {unit}（1 个值）</translation>
    </message>
    <message>
        <source>{label}: {value} {unit} on day {day} ({count} values)</source>
        <translation>{label}：第 {day} 天 {value} {unit}（共 {count} 个值）</translation>
    </message>
    <message>
        <source>Trends since day 0.</source>
        <translation>第 0 天以来的趋势。</translation>
    </message>
    <message>
        <source>Counted from day 0, {date}. Dashed red: the protocol&apos;s severity threshold; dotted: visit days; hollow marker: beyond the assay&apos;s limit.</source>
        <translation>自第 0 天（{date}）起计。红色虚线：方案规定的重症阈值；点线：访视日；空心标记：超出检测限。</translation>
    </message>
    <message>
        <source>Counted from the first value (day 0 is not recorded yet), {date}. Dashed red: the protocol&apos;s severity threshold; dotted: visit days; hollow marker: beyond the assay&apos;s limit.</source>
        <translation>自首个数值（{date}）起计（尚未记录第 0 天）。红色虚线：方案规定的重症阈值；点线：访视日；空心标记：超出检测限。</translation>
    </message>
</context>
<context>
    <name>TypedField</name>
    <message>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <source>January</source>
        <translation>1月</translation>
    </message>
    <message>
        <source>February</source>
        <translation>2月</translation>
    </message>
    <message>
        <source>March</source>
        <translation>3月</translation>
    </message>
    <message>
        <source>April</source>
        <translation>4月</translation>
    </message>
    <message>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <source>June</source>
        <translation>6月</translation>
    </message>
    <message>
        <source>July</source>
        <translation>7月</translation>
    </message>
    <message>
        <source>August</source>
        <translation>8月</translation>
    </message>
    <message>
        <source>September</source>
        <translation>9月</translation>
    </message>
    <message>
        <source>October</source>
        <translation>10月</translation>
    </message>
    <message>
        <source>November</source>
        <translation>11月</translation>
    </message>
    <message>
        <source>December</source>
        <translation>12月</translation>
    </message>
    <message>
        <source>This field</source>
        <translation>此字段</translation>
    </message>
    <message>
        <source>Read as {value}.</source>
        <translation>识别为 {value}。</translation>
    </message>
    <message>
        <source>below {number}</source>
        <translation>低于 {number}</translation>
    </message>
    <message>
        <source>above {number}</source>
        <translation>高于 {number}</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>{weekday} {day} {month} {year}</source>
        <translation>{year}年{month}{day}日 {weekday}</translation>
    </message>
    <message>
        <source>HH:MM</source>
        <translation>时:分</translation>
    </message>
    <message>
        <source>Saved as {value}.</source>
        <translation>将保存为 {value}。</translation>
    </message>
    <message>
        <source>{count} of at most {limit} characters.</source>
        <translation>{count} / 最多 {limit} 个字符。</translation>
    </message>
</context>
<context>
    <name>Typing</name>
    <message>
        <source>{field} must be a number.</source>
        <translation>{field}必须是数字。</translation>
    </message>
    <message>
        <source>{field} must use a decimal point, not a comma.</source>
        <translation>{field}须使用小数点，不能用逗号。</translation>
    </message>
    <message>
        <source>{field} must be a finite number.</source>
        <translation>{field}必须是有限的数字。</translation>
    </message>
    <message>
        <source>{field} must be between {low} and {high}.</source>
        <translation>{field}必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>{field} must be a whole number.</source>
        <translation>{field}必须是整数。</translation>
    </message>
    <message>
        <source>{field} must be a calendar date.</source>
        <translation>{field}必须是日历日期。</translation>
    </message>
    <message>
        <source>{field} must be a date and time.</source>
        <translation>{field}必须是日期和时间。</translation>
    </message>
    <message>
        <source>{field} must carry a time zone.</source>
        <translation>{field}必须带有时区。</translation>
    </message>
    <message>
        <source>{field} must be yes, no or not answered.</source>
        <translation>{field}只能是“是”、“否”或“未回答”。</translation>
    </message>
    <message>
        <source>{label}: remove the invisible control character ({code}); it cannot be saved.</source>
        <translation>{label}：请删除不可见的控制字符（{code}），它无法保存。</translation>
    </message>
    <message>
        <source>a space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>{label}: a number has at most {most} characters; this has {count}.</source>
        <translation>{label}：数字最多 {most} 个字符，此处有 {count} 个。</translation>
    </message>
    <message>
        <source>{label} cannot be negative: type it without the minus sign.</source>
        <translation>{label}不能为负数：请去掉负号后输入。</translation>
    </message>
    <message>
        <source>{label}: type the number without the plus sign.</source>
        <translation>{label}：请去掉加号后输入数字。</translation>
    </message>
    <message>
        <source>{label}: a sign can only stand in front of the number.</source>
        <translation>{label}：正负号只能写在数字前面。</translation>
    </message>
    <message>
        <source>{label} cannot be negative: remove the {char}.</source>
        <translation>{label}不能为负数：请删除 {char}。</translation>
    </message>
    <message>
        <source>{label}: remove the space inside the number.</source>
        <translation>{label}：请删除数字中间的空格。</translation>
    </message>
    <message>
        <source>{label} must be a number: {char} is not a digit. Did you mean the digit {guess}?</source>
        <translation>{label}必须是数字：{char} 不是数字。您是想输入数字 {guess} 吗？</translation>
    </message>
    <message>
        <source>{label} must be a number: {char} is not one of the digits 0–9.</source>
        <translation>{label}必须是数字：{char} 不是 0–9 中的数字。</translation>
    </message>
    <message>
        <source>{label} must be a number: {char} is not a digit.</source>
        <translation>{label}必须是数字：{char} 不是数字。</translation>
    </message>
    <message>
        <source>{label}: use one decimal separator only, as in 38.5 or 38,5.</source>
        <translation>{label}：只能使用一个小数分隔符，如 38.5 或 38,5。</translation>
    </message>
    <message>
        <source>{label} must be a number.</source>
        <translation>{label}必须是数字。</translation>
    </message>
    <message>
        <source>{label} is a whole number.</source>
        <translation>{label}是整数。</translation>
    </message>
    <message>
        <source>{label} takes at most one decimal place.</source>
        <translation>{label}最多保留一位小数。</translation>
    </message>
    <message>
        <source>{label} takes at most {places} decimal places.</source>
        <translation>{label}最多保留 {places} 位小数。</translation>
    </message>
    <message>
        <source>{label}: give the number after “{qualifier}”.</source>
        <translation>{label}：请在“{qualifier}”后写出数字。</translation>
    </message>
    <message>
        <source>{label}: {typed} has no month {month}. The day comes first: 01/03/2026 is 1 March 2026.</source>
        <translation>{label}：{typed} 中没有第 {month} 月。日期在前：01/03/2026 是 2026年3月1日。</translation>
    </message>
    <message>
        <source>{label}: {typed} has no year {year}.</source>
        <translation>{label}：{typed} 中没有 {year} 年。</translation>
    </message>
    <message>
        <source>{label}: {typed} is not a date: {month} {year} has {last} days.</source>
        <translation>{label}：{typed} 不是有效日期：{year}年{month}只有 {last} 天。</translation>
    </message>
    <message>
        <source>{label}: write the date as 2026-03-01, 01/03/2026 or 1.3.2026 (day first).</source>
        <translation>{label}：日期请写成 2026-03-01、01/03/2026 或 1.3.2026（日在前）。</translation>
    </message>
    <message>
        <source>{label}: write the year with four digits, as in 2026-03-01, 01/03/2026 or 1.3.2026 (day first).</source>
        <translation>{label}：年份请写四位数，如 2026-03-01、01/03/2026 或 1.3.2026（日在前）。</translation>
    </message>
    <message>
        <source>{label}: write the time as 14:05 (24-hour clock).</source>
        <translation>{label}：时间请写成 14:05（24 小时制）。</translation>
    </message>
    <message>
        <source>{label}: {typed} is not a time of day (hours 0–23, minutes 0–59).</source>
        <translation>{label}：{typed} 不是有效时间（小时 0–23，分钟 0–59）。</translation>
    </message>
    <message>
        <source>{label}: give both the date and the time.</source>
        <translation>{label}：请同时填写日期和时间。</translation>
    </message>
    <message>
        <source>{label}: at most {most} characters; this has {count}.</source>
        <translation>{label}：最多 {most} 个字符，此处有 {count} 个。</translation>
    </message>
    <message>
        <source>{rule} {char} is not one of them.</source>
        <translation>{rule}{char} 不在其中。</translation>
    </message>
    <message>
        <source>{rule} This has {count}.</source>
        <translation>{rule}此处有 {count} 个。</translation>
    </message>
</context>
<context>
    <name>UnblindBanner</name>
    <message>
        <source>Emergency unblinded by {name} on {when}: {reason}</source>
        <translation>已由 {name} 于 {when} 紧急揭盲：{reason}</translation>
    </message>
    <message>
        <source>Emergency unblinding</source>
        <translation>紧急揭盲</translation>
    </message>
</context>
<context>
    <name>UnblindDialog</name>
    <message>
        <source>Emergency unblinding</source>
        <translation>紧急揭盲</translation>
    </message>
    <message>
        <source>Emergency unblinding of {who}</source>
        <translation>对 {who} 进行紧急揭盲</translation>
    </message>
    <message>
        <source>This reveals the treatment of {who} to you alone. Do it only when the care of this participant needs it now: it is recorded with your name and reason, shown on the participant&apos;s page, and reported to the coordinating centre.</source>
        <translation>此操作只向您一人揭示 {who} 的治疗分组。仅在该受试者的救治当下确有需要时进行：揭盲将连同您的姓名和原因一并记录，显示在受试者页面上，并报告给协调中心。</translation>
    </message>
    <message>
        <source>Clinical reason for unblinding</source>
        <translation>揭盲的临床原因</translation>
    </message>
    <message>
        <source>e.g. anaphylaxis during the infusion</source>
        <translation>例如：输注期间发生严重过敏反应</translation>
    </message>
    <message>
        <source>About the reason</source>
        <translation>关于原因</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <source>About the password</source>
        <translation>关于密码</translation>
    </message>
    <message>
        <source>Why the participant cannot be unblinded</source>
        <translation>受试者无法揭盲的原因</translation>
    </message>
    <message>
        <source>The participant&apos;s treatment</source>
        <translation>受试者的治疗分组</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>取消(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Unblind this participant</source>
        <translation>揭盲该受试者(&amp;U)</translation>
    </message>
    <message>
        <source>Only an investigator can emergency-unblind a participant: your role ({role}) stays blinded.</source>
        <translation>只有研究者可以对受试者进行紧急揭盲：您的角色（{role}）保持盲态。</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>{who}: treatment revealed</source>
        <translation>{who}：治疗分组已揭示</translation>
    </message>
    <message>
        <source>Shown once, to you: it is not shown again when this window closes. The unblinding is recorded on the participant&apos;s page.</source>
        <translation>仅向您显示这一次：关闭此窗口后将不再显示。本次揭盲已记录在受试者页面上。</translation>
    </message>
    <message>
        <source>Kit {kit}: arm {arm}, {name_en}
{name_zh}</source>
        <translation>药盒 {kit}：组别 {arm}，{name_zh}
{name_en}</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
</context>
<context>
    <name>Unblinding</name>
    <message>
        <source>Give the clinical reason for unblinding this participant.</source>
        <translation>请填写对该受试者揭盲的临床原因。</translation>
    </message>
    <message>
        <source>Only an investigator can emergency-unblind a participant: your role ({role}) stays blinded.</source>
        <translation>只有研究者才能对受试者紧急揭盲：您的角色（{role}）须保持盲态。</translation>
    </message>
    <message>
        <source>{participant} is not randomised: there is no study product to unblind.</source>
        <translation>{participant} 未随机化：没有可揭盲的研究用品。</translation>
    </message>
    <message>
        <source>There is no participant {participant}.</source>
        <translation>不存在受试者 {participant}。</translation>
    </message>
    <message>
        <source>The code-break for kit {kit} names no arm of this protocol: call the coordinating centre.</source>
        <translation>药盒 {kit} 的紧急揭盲信息所对应的组别不在本方案中：请联系协调中心。</translation>
    </message>
</context>
<context>
    <name>Users</name>
    <message>
        <source>User name {name} is not allowed: use 2–32 lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter.</source>
        <translation>不允许使用用户名 {name}：请使用 2–32 个小写字母、数字、“.”、“_”或“-”，并以字母开头。</translation>
    </message>
    <message>
        <source>A password needs at least {count} characters.</source>
        <translation>密码至少需要 {count} 个字符。</translation>
    </message>
    <message>
        <source>A password cannot contain a NUL character.</source>
        <translation>密码不能包含 NUL 字符。</translation>
    </message>
    <message>
        <source>The full name holds bytes that are not UTF-8 text: type it again.</source>
        <translation>全名中含有不是 UTF-8 文本的字节：请重新输入。</translation>
    </message>
    <message>
        <source>The full name is longer than {count} characters: shorten it to fit on a signature.</source>
        <translation>全名超过 {count} 个字符：请缩短，以便在签名中完整显示。</translation>
    </message>
    <message>
        <source>The full name cannot hold control characters (a line break, a tab or NUL).</source>
        <translation>全名不能包含控制字符（换行符、制表符或 NUL）。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot add users.</source>
        <translation>您的角色（{role}）不能添加用户。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot reset passwords.</source>
        <translation>您的角色（{role}）不能重置密码。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot disable users.</source>
        <translation>您的角色（{role}）不能停用用户。</translation>
    </message>
    <message>
        <source>Your role ({role}) cannot change roles.</source>
        <translation>您的角色（{role}）不能更改角色。</translation>
    </message>
    <message>
        <source>There is no user called {name}.</source>
        <translation>不存在名为 {name} 的用户。</translation>
    </message>
    <message>
        <source>A user called {name} already exists.</source>
        <translation>名为 {name} 的用户已存在。</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>您不能停用自己的账户。</translation>
    </message>
    <message>
        <source>{name} is disabled, but the store could not be re-keyed now: it will be re-keyed at the next admin login.</source>
        <translation>{name} 已停用，但数据库现在无法更换密钥：将在下次管理员登录时更换密钥。</translation>
    </message>
    <message>
        <source>Log in with your own password to show your key.</source>
        <translation>请用您自己的密码登录后再显示您的密钥。</translation>
    </message>
</context>
<context>
    <name>UsersTableModel</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
</context>
<context>
    <name>VirologyForm</name>
    <message>
        <source>Nasopharyngeal swab</source>
        <translation>鼻咽拭子</translation>
    </message>
    <message>
        <source>Oropharyngeal swab</source>
        <translation>口咽拭子</translation>
    </message>
    <message>
        <source>Sputum</source>
        <translation>痰液</translation>
    </message>
    <message>
        <source>Lower airway (BAL, aspirate)</source>
        <translation>下呼吸道（肺泡灌洗液、吸引物）</translation>
    </message>
    <message>
        <source>Stool or anal swab</source>
        <translation>粪便或肛拭子</translation>
    </message>
    <message>
        <source>Blood</source>
        <translation>血液</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <source>Indeterminate</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>Choose the specimen…</source>
        <translation>选择标本…</translation>
    </message>
    <message>
        <source>counted from day 0 once it is recorded</source>
        <translation>记录第 0 天后开始计算</translation>
    </message>
    <message>
        <source>not reached yet</source>
        <translation>尚未达到</translation>
    </message>
    <message>
        <source>day {day}</source>
        <translation>第 {day} 天</translation>
    </message>
    <message>
        <source>1 result saved. Time to negativity: {reached} ({rule}).</source>
        <translation>已保存 1 项结果。转阴时间：{reached}（{rule}）。</translation>
    </message>
    <message>
        <source>{count} results saved. Time to negativity: {reached} ({rule}).</source>
        <translation>已保存 {count} 项结果。转阴时间：{reached}（{rule}）。</translation>
    </message>
    <message>
        <source>Nucleic acid test</source>
        <translation>核酸检测</translation>
    </message>
    <message>
        <source>New sample</source>
        <translation>新的样本</translation>
    </message>
    <message>
        <source>Nucleic acid (RT-PCR)</source>
        <translation>核酸（RT-PCR）</translation>
    </message>
    <message>
        <source>Sampled &amp;on</source>
        <translation>采样时间(&amp;O)</translation>
    </message>
    <message>
        <source>Spe&amp;cimen</source>
        <translation>标本(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Result</source>
        <translation>结果(&amp;R)</translation>
    </message>
    <message>
        <source>Sampled on</source>
        <translation>采样时间</translation>
    </message>
</context>
<context>
    <name>VisitForms</name>
    <message>
        <source>Choose the visit…</source>
        <translation>选择访视…</translation>
    </message>
    <message>
        <source>Unscheduled (between visits)</source>
        <translation>计划外（访视之间）</translation>
    </message>
    <message>
        <source>Unscheduled</source>
        <translation>计划外</translation>
    </message>
</context>
<context>
    <name>Visits</name>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>{visit}, window closes {closes}</source>
        <translation>{visit}，窗口期截止 {closes}</translation>
    </message>
    <message>
        <source>{visit}, today only</source>
        <translation>{visit}，仅限今天</translation>
    </message>
    <message>
        <source>{visit}, window {opens} – {closes}</source>
        <translation>{visit}，窗口期 {opens} – {closes}</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>1月</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>2月</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>3月</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>4月</translation>
    </message>
    <message>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>6月</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>7月</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>8月</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>9月</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>10月</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>11月</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>12月</translation>
    </message>
    <message>
        <source>{day} {month}</source>
        <translation>{month}{day}日</translation>
    </message>
</context>
<context>
    <name>VisitsModel</name>
    <message>
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>Target day</source>
        <translation>目标日</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Done on</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>未到期</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Vital signs</source>
        <translation>生命体征</translation>
    </message>
    <message>
        <source>Laboratory</source>
        <translation>实验室检查</translation>
    </message>
    <message>
        <source>Chest imaging</source>
        <translation>胸部影像</translation>
    </message>
    <message>
        <source>WHO scale</source>
        <translation>WHO 评分</translation>
    </message>
    <message>
        <source>Symptoms</source>
        <translation>症状</translation>
    </message>
    <message>
        <source>Nucleic acid</source>
        <translation>核酸</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>转归</translation>
    </message>
    <message>
        <source>Oxygenation</source>
        <translation>氧合</translation>
    </message>
    <message>
        <source>%a %d %b</source>
        <translation>%m-%d</translation>
    </message>
    <message>
        <source>{status} (outside window)</source>
        <translation>{status}（窗口期外）</translation>
    </message>
    <message>
        <source>{visit}: day {day}, window {opens} – {closes}</source>
        <translation>{visit}：第 {day} 天，窗口期 {opens} – {closes}</translation>
    </message>
    <message>
        <source>Day {day} · {date}</source>
        <translation>第 {day} 天 · {date}</translation>
    </message>
    <message>
        <source>that day only</source>
        <translation>仅当天</translation>
    </message>
    <message>
        <source>{opens} – {closes}</source>
        <translation>{opens} – {closes}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>VisitsPanel</name>
    <message>
        <source>Vital signs</source>
        <translation>生命体征</translation>
    </message>
    <message>
        <source>Laboratory</source>
        <translation>实验室检查</translation>
    </message>
    <message>
        <source>Chest imaging</source>
        <translation>胸部影像</translation>
    </message>
    <message>
        <source>WHO scale</source>
        <translation>WHO 评分</translation>
    </message>
    <message>
        <source>Symptoms</source>
        <translation>症状</translation>
    </message>
    <message>
        <source>Nucleic acid</source>
        <translation>核酸</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>转归</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation>结局</translation>
    </message>
    <message>
        <source>‹ Back to visits</source>
        <translation>‹ 返回访视</translation>
    </message>
    <message>
        <source>Visit schedule</source>
        <translation>访视计划</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>随时</translation>
    </message>
    <message>
        <source>Day 0 (the infusion) is not recorded yet: the visits are planned from it. Forms can still be filled in any time.</source>
        <translation>尚未记录第 0 天（输注日）：访视据此安排。表单仍可随时填写。</translation>
    </message>
    <message>
        <source>%a %d %b %Y</source>
        <translation>%Y-%m-%d</translation>
    </message>
    <message>
        <source>Day 0: {date}. Today is day {day}.</source>
        <translation>第 0 天：{date}。今天是第 {day} 天。</translation>
    </message>
    <message>
        <source>{form} · {visit}</source>
        <translation>{form} · {visit}</translation>
    </message>
    <message>
        <source>Not saved yet: press Save, or press Back again to leave without saving.</source>
        <translation>尚未保存：请点击保存，或再次点击返回以不保存离开。</translation>
    </message>
    <message>
        <source>Unscheduled</source>
        <translation>计划外</translation>
    </message>
    <message>
        <source>between visits</source>
        <translation>访视之间</translation>
    </message>
    <message>
        <source>{form}, {visit}</source>
        <translation>{form}，{visit}</translation>
    </message>
</context>
<context>
    <name>VitalSignsForm</name>
    <message>
        <source>Room air</source>
        <translation>室内空气</translation>
    </message>
    <message>
        <source>Nasal cannula</source>
        <translation>鼻导管</translation>
    </message>
    <message>
        <source>Simple face mask</source>
        <translation>普通面罩</translation>
    </message>
    <message>
        <source>Mask with reservoir (non-rebreather)</source>
        <translation>储氧面罩（非重复呼吸）</translation>
    </message>
    <message>
        <source>Venturi mask</source>
        <translation>文丘里面罩</translation>
    </message>
    <message>
        <source>High-flow nasal cannula</source>
        <translation>经鼻高流量</translation>
    </message>
    <message>
        <source>Niv/cpap</source>
        <translation>无创通气/CPAP</translation>
    </message>
    <message>
        <source>Invasive ventilator</source>
        <translation>有创呼吸机</translation>
    </message>
    <message>
        <source>Vital signs</source>
        <translation>生命体征</translation>
    </message>
    <message>
        <source>New set of vital signs</source>
        <translation>新一组生命体征</translation>
    </message>
    <message>
        <source>Type each value as measured; leave blank what was not.</source>
        <translation>按实测值逐项填写；未测的留空。</translation>
    </message>
    <message>
        <source>&amp;Measured on</source>
        <translation>测量日期(&amp;M)</translation>
    </message>
    <message>
        <source>Oxygen at the time</source>
        <translation>当时的吸氧情况</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>&amp;Oxygen device</source>
        <translation>吸氧装置(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Flow</source>
        <translation>流量(&amp;F)</translation>
    </message>
    <message>
        <source>F&amp;iO₂</source>
        <translation>FiO₂(&amp;I)</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>小数</translation>
    </message>
    <message>
        <source>A fraction: 0.40, not 40. Only if set or measured.</source>
        <translation>填小数：0.40，而不是 40。仅在有设定值或实测值时填写。</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>At most {count} characters.</source>
        <translation>最多 {count} 个字符。</translation>
    </message>
    <message>
        <source>T {value} °C</source>
        <translation>体温 {value} °C</translation>
    </message>
    <message>
        <source>Measured on</source>
        <translation>测量日期</translation>
    </message>
</context>
<context>
    <name>WhoScaleForm</name>
    <message>
        <source>Choose the level…</source>
        <translation>选择等级…</translation>
    </message>
    <message>
        <source>{score} — {state}</source>
        <translation>{score} — {state}</translation>
    </message>
    <message>
        <source>WHO scale score</source>
        <translation>WHO 量表评分</translation>
    </message>
    <message>
        <source>New score</source>
        <translation>新评分</translation>
    </message>
    <message>
        <source>WHO clinical progression scale</source>
        <translation>WHO 临床进展量表</translation>
    </message>
    <message>
        <source>The level that describes the participant on the day (0 uninfected – 10 dead).</source>
        <translation>描述受试者当天状况的等级（0 未感染 – 10 死亡）。</translation>
    </message>
    <message>
        <source>Assessed o&amp;n</source>
        <translation>评估日期(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Level</source>
        <translation>等级(&amp;L)</translation>
    </message>
    <message>
        <source>{date} · {visit} · level {score}</source>
        <translation>{date} · {visit} · 等级 {score}</translation>
    </message>
    <message>
        <source>Assessed on</source>
        <translation>评估日期</translation>
    </message>
</context>
<context>
    <name>WizardViewMixin</name>
    <message>
        <source>Eligibility confirmed</source>
        <translation>确认符合入选资格</translation>
    </message>
    <message>
        <source>Not eligible confirmed</source>
        <translation>确认不符合入选资格</translation>
    </message>
    <message>
        <source>Correct the entries marked in red to see the verdict.</source>
        <translation>请更正红色标记的内容后查看结论。</translation>
    </message>
    <message>
        <source>Eligible: every criterion is met.</source>
        <translation>符合入选资格：所有标准均满足。</translation>
    </message>
    <message>
        <source>Not eligible.</source>
        <translation>不符合入选资格。</translation>
    </message>
    <message>
        <source>Incomplete: still to record {ids}.</source>
        <translation>未完成：尚需记录 {ids}。</translation>
    </message>
    <message>
        <source>Chinese wording: to be checked against the Chinese protocol.</source>
        <translation>中文表述：为开发团队译文，须与中文版方案核对。</translation>
    </message>
    <message>
        <source>Not saved yet: save the checklist, then an investigator signs it.</source>
        <translation>尚未保存：请先保存核查表，再由研究者签名。</translation>
    </message>
    <message>
        <source>Changed since it was saved: save it, then sign it.</source>
        <translation>保存后已有修改：请先保存，再签名。</translation>
    </message>
    <message>
        <source>Incomplete: a checklist with criteria still to record cannot be signed.</source>
        <translation>未完成：仍有标准未记录的核查表不能签名。</translation>
    </message>
    <message>
        <source>Not signed yet.</source>
        <translation>尚未签名。</translation>
    </message>
    <message>
        <source>VOID — sign again.
{void}</source>
        <translation>已作废 — 请重新签名。
{void}</translation>
    </message>
    <message>
        <source>Sign: {meaning}</source>
        <translation>签名：{meaning}</translation>
    </message>
    <message>
        <source>{text} An investigator signs it with their password.</source>
        <translation>{text} 由研究者使用其密码签名。</translation>
    </message>
    <message>
        <source>Correct the entries marked in red first.</source>
        <translation>请先更正红色标记的内容。</translation>
    </message>
    <message>
        <source>Step {number} of {total}: {title}</source>
        <translation>第 {number} 步，共 {total} 步：{title}</translation>
    </message>
</context>
</TS>
