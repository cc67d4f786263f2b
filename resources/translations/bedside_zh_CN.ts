<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
</TS>
