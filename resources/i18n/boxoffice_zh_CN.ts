<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddTerminalDialog</name>
    <message>
        <source>Add terminal</source>
        <translation>添加终端</translation>
    </message>
    <message>
        <source>e.g. Window 3</source>
        <translation>例如：3号售票窗口</translation>
    </message>
    <message>
        <source>Ticket window</source>
        <translation>售票窗口</translation>
    </message>
    <message>
        <source>Till (shop or bar)</source>
        <translation>收银台（小卖部、吧台）</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>Add (Enter)</source>
        <translation>添加 (Enter)</translation>
    </message>
</context>
<context>
    <name>AmountReasonDialog</name>
    <message>
        <source>OK (Enter)</source>
        <translation>确定 (Enter)</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>金额(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>The amount is from {low} to {high}.</source>
        <translation>金额范围 {low} 至 {high}。</translation>
    </message>
    <message>
        <source>Say why.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验日志链</translation>
    </message>
    <message>
        <source>Delete old entries</source>
        <translation>删除旧日志</translation>
    </message>
    <message>
        <source>Only administrators may delete audit entries.</source>
        <translation>只有系统管理员可以删除操作日志。</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>In details, targets and actions (Ctrl+F)</source>
        <translation>在详情、对象和操作中查找 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search (Ctrl+Enter)</source>
        <translation>查询 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>从(&amp;F)</translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation>到(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation>用户(&amp;U)</translation>
    </message>
    <message>
        <source>Act&amp;ion</source>
        <translation>操作(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Text</source>
        <translation>文字(&amp;T)</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Select an entry to see everything it recorded.</source>
        <translation>选择一条日志，查看它记录的全部内容。</translation>
    </message>
    <message>
        <source>&amp;Detail</source>
        <translation>详情(&amp;D)</translation>
    </message>
    <message>
        <source>Showing the newest {count} matches; narrow the filters or export to see all.</source>
        <translation>仅显示最新的 {count} 条；请缩小查询范围，或导出查看全部。</translation>
    </message>
    <message>
        <source>“From” must be before “To”.</source>
        <translation>“从”必须早于“到”。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>{count} entries</source>
        <translation>共 {count} 条</translation>
    </message>
    <message>
        <source>Entry #{seq}</source>
        <translation>日志 #{seq}</translation>
    </message>
    <message>
        <source>Time: {time}</source>
        <translation>时间：{time}</translation>
    </message>
    <message>
        <source>User: {login}</source>
        <translation>用户：{login}</translation>
    </message>
    <message>
        <source>Terminal: {name}</source>
        <translation>终端：{name}</translation>
    </message>
    <message>
        <source>Action: {label} ({code})</source>
        <translation>操作：{label}（{code}）</translation>
    </message>
    <message>
        <source>Target: {target}</source>
        <translation>对象：{target}</translation>
    </message>
    <message>
        <source>(nothing more was recorded)</source>
        <translation>（没有记录更多内容）</translation>
    </message>
    <message>
        <source>audit-log-{date}.xlsx</source>
        <translation>操作日志-{date}.xlsx</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>导出操作日志</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exported {count} entries to {path}</source>
        <translation>已导出 {count} 条日志到 {path}</translation>
    </message>
    <message>
        <source>Checking every entry of the chain…</source>
        <translation>正在逐条校验日志链…</translation>
    </message>
    <message>
        <source>Chain intact: {count} entries checked</source>
        <translation>日志链完整：已校验 {count} 条</translation>
    </message>
    <message>
        <source>Chain broken at entry #{seq}: {reason}. The log has been altered outside BoxOffice; keep this store as evidence and tell the venue manager.</source>
        <translation>日志链在第 #{seq} 条断开：{reason}。日志曾在本系统之外被改动；请保留本数据作为证据，并报告场馆负责人。</translation>
    </message>
    <message>
        <source>Delete old audit entries</source>
        <translation>删除旧操作日志</translation>
    </message>
    <message>
        <source>Delete every audit entry from before {date}? This cannot be undone; export the log first if it must be kept.</source>
        <translation>删除 {date} 之前的全部操作日志？此操作无法撤销；如需留存，请先导出。</translation>
    </message>
    <message>
        <source>Deleted {count} entries from before {date}.</source>
        <translation>已删除 {date} 之前的 {count} 条日志。</translation>
    </message>
</context>
<context>
    <name>CashCountDialog</name>
    <message>
        <source>Confirm (Ctrl+Enter)</source>
        <translation>确认 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Why the drawer is over or short, if it is</source>
        <translation>如有长短款，请说明原因</translation>
    </message>
    <message>
        <source>Required: why the drawer is over or short</source>
        <translation>必填：长短款原因</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Type the number of pieces; Enter or ↓ goes to the next row, ↑ back. Enter in the last row confirms.</source>
        <translation>输入张数/枚数；Enter 或 ↓ 到下一行，↑ 返回上一行。在最后一行按 Enter 确认。</translation>
    </message>
    <message>
        <source>Type the number of pieces; Enter or ↓ goes to the next row, ↑ back. Enter in the last row goes to the reason.</source>
        <translation>输入张数/枚数；Enter 或 ↓ 到下一行，↑ 返回上一行。在最后一行按 Enter 转到原因。</translation>
    </message>
    <message>
        <source>Write why the drawer is over or short.</source>
        <translation>请填写长短款原因。</translation>
    </message>
    <message>
        <source>Expected in the drawer</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Short {amount}</source>
        <translation>短款 {amount}</translation>
    </message>
    <message>
        <source>Over {amount}</source>
        <translation>长款 {amount}</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>相符</translation>
    </message>
</context>
<context>
    <name>CashCountWidget</name>
    <message>
        <source>{count} yuan</source>
        <translation>{count} 元</translation>
    </message>
    <message>
        <source>{count} jiao</source>
        <translation>{count} 角</translation>
    </message>
    <message>
        <source>Note / coin</source>
        <translation>面额</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>张/枚</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Pieces of {note}</source>
        <translation>{note} 数量</translation>
    </message>
    <message>
        <source>Total counted</source>
        <translation>实点合计</translation>
    </message>
</context>
<context>
    <name>CashMovementDialog</name>
    <message>
        <source>Cash in</source>
        <translation>追加备用金</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>取款</translation>
    </message>
    <message>
        <source>Record (Enter)</source>
        <translation>记录 (Enter)</translation>
    </message>
    <message>
        <source>Put more float into the drawer. The amount is added to the cash the drawer should hold.</source>
        <translation>向钱箱追加备用金。此金额计入钱箱应有现金。</translation>
    </message>
    <message>
        <source>Take cash out of the drawer, to the safe. The amount is taken off the cash the drawer should hold.</source>
        <translation>从钱箱取出现金存入保险柜。此金额从钱箱应有现金中扣除。</translation>
    </message>
    <message>
        <source>e.g. more change</source>
        <translation>例如：补充零钱</translation>
    </message>
    <message>
        <source>e.g. drop to the safe</source>
        <translation>例如：存入保险柜</translation>
    </message>
    <message>
        <source>&amp;Amount (¥)</source>
        <translation>金额(&amp;A)（¥）</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <source>Shows</source>
        <translation>演出节目</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Sort order</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>节目</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>On the programme</source>
        <translation>上架</translation>
    </message>
    <message>
        <source>Introduction</source>
        <translation>介绍</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>场馆</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>演出厅</translation>
    </message>
    <message>
        <source>Seating</source>
        <translation>入座方式</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>演出分类</translation>
    </message>
    <message>
        <source>Venues and halls</source>
        <translation>场馆和演出厅</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Design seats</source>
        <translation>设计座位图</translation>
    </message>
    <message>
        <source>Reserved seats</source>
        <translation>对号入座</translation>
    </message>
    <message>
        <source>General admission</source>
        <translation>自由入座</translation>
    </message>
    <message>
        <source>A category can be deleted once no show belongs to it.</source>
        <translation>分类下没有节目时才能删除。</translation>
    </message>
    <message>
        <source>A show can be deleted until it is scheduled. After that, take it off the programme (Edit) and it can no longer be scheduled.</source>
        <translation>节目排场前可以删除；排场后只能下架（编辑），下架后就不能再排场。</translation>
    </message>
    <message>
        <source>A hall can be deleted until it has sessions. Seat layouts of reserved halls are drawn in the venue designer.</source>
        <translation>演出厅有排场前可以删除。对号入座演出厅的座位图在场馆座位编排中绘制。</translation>
    </message>
    <message>
        <source>Delete show</source>
        <translation>删除节目</translation>
    </message>
    <message>
        <source>Delete the show “{name}”?</source>
        <translation>删除节目“{name}”？</translation>
    </message>
    <message>
        <source>Delete hall</source>
        <translation>删除演出厅</translation>
    </message>
    <message>
        <source>Delete the hall “{name}” of {venue}?</source>
        <translation>删除{venue}的演出厅“{name}”？</translation>
    </message>
    <message>
        <source>“{name}” sells general admission: it has no seats to design.</source>
        <translation>“{name}”不对号入座，没有座位可设计。</translation>
    </message>
    <message>
        <source>You can look, not change.</source>
        <translation>仅可查看，不能修改。</translation>
    </message>
    <message>
        <source>Create a show category first (Alt+1, then New).</source>
        <translation>请先新建演出分类（Alt+1，再点“新建”）。</translation>
    </message>
    <message>
        <source>Delete category</source>
        <translation>删除分类</translation>
    </message>
    <message>
        <source>Delete the category “{name}”?</source>
        <translation>删除分类“{name}”？</translation>
    </message>
</context>
<context>
    <name>CategoryDialog</name>
    <message>
        <source>New category</source>
        <translation>新建分类</translation>
    </message>
    <message>
        <source>Rename category</source>
        <translation>重命名分类</translation>
    </message>
    <message>
        <source>e.g. 话剧, 音乐会, 儿童剧</source>
        <translation>例如：话剧、音乐会、儿童剧</translation>
    </message>
    <message>
        <source>Lists show categories with smaller numbers first.</source>
        <translation>数字越小，分类排得越靠前。</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Sort order</source>
        <translation>排序(&amp;S)</translation>
    </message>
    <message>
        <source>e.g. 饮料, 小食, 纪念品</source>
        <translation>例如：饮料、小食、纪念品</translation>
    </message>
    <message>
        <source>Lists categories with smaller numbers first.</source>
        <translation>序号小的分类排在前面。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>This is a temporary password. Choose your own before you continue.</source>
        <translation>当前是临时密码。请先设置您自己的密码再继续。</translation>
    </message>
    <message>
        <source>Choose a new password.</source>
        <translation>请设置新密码。</translation>
    </message>
    <message>
        <source>&amp;Current password</source>
        <translation>当前密码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>新密码(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Repeat new password</source>
        <translation>确认新密码(&amp;R)</translation>
    </message>
    <message>
        <source>Change (Enter)</source>
        <translation>修改 (Enter)</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
</context>
<context>
    <name>Checkout</name>
    <message>
        <source>The mobile payment of {amount} was refunded.</source>
        <translation>移动支付 {amount} 已退回。</translation>
    </message>
    <message>
        <source>The mobile payment of {amount} could not be refunded: {error} Refund it through the payment service.</source>
        <translation>移动支付 {amount} 未能退回：{error} 请通过支付服务商退款。</translation>
    </message>
</context>
<context>
    <name>CheckoutTotals</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>收款</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Supervisor approval… (Enter)</source>
        <translation>主管审批… (Enter)</translation>
    </message>
    <message>
        <source>Close shift (Enter)</source>
        <translation>交班 (Enter)</translation>
    </message>
    <message>
        <source>The drawer is counted. Check the figures, then close the shift.</source>
        <translation>钱箱已清点。请核对金额，然后交班。</translation>
    </message>
    <message>
        <source>Short {amount}</source>
        <translation>短款 {amount}</translation>
    </message>
    <message>
        <source>Over {amount}</source>
        <translation>长款 {amount}</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>相符</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <source>Expected in the drawer</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>As a supervisor, you approve it yourself.</source>
        <translation>您是主管，可自行审批。</translation>
    </message>
    <message>
        <source>Required: why the drawer is short or over</source>
        <translation>必填：长短款原因</translation>
    </message>
    <message>
        <source>Optional: a note about the difference</source>
        <translation>选填：差额说明</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>The cash is {amount} short, more than the {limit} limit: a supervisor must approve.</source>
        <translation>现金短款 {amount}，超过 {limit} 的限额：须主管审批。</translation>
    </message>
    <message>
        <source>The cash is {amount} over, more than the {limit} limit: a supervisor must approve.</source>
        <translation>现金长款 {amount}，超过 {limit} 的限额：须主管审批。</translation>
    </message>
    <message>
        <source>Write why the drawer is short or over.</source>
        <translation>请填写长短款原因。</translation>
    </message>
</context>
<context>
    <name>ColourField</name>
    <message>
        <source>Pick a colour</source>
        <translation>选择颜色</translation>
    </message>
</context>
<context>
    <name>ConfirmPaidDialog</name>
    <message>
        <source>Confirm settlement paid</source>
        <translation>确认结算已打款</translation>
    </message>
    <message>
        <source>Confirm paid (Enter)</source>
        <translation>确认已打款 (Enter)</translation>
    </message>
    <message>
        <source>Pay {merchant} {amount} for {day} by bank transfer first, then give the transfer&apos;s reference here. Once confirmed, the settlement&apos;s figures no longer change; a sale that arrives later for that day is shown as a late arrival.</source>
        <translation>请先通过银行转账向{merchant}支付{day}的结算款 {amount}，再在此填写转账流水号。确认后该结算的金额不再变动；之后才上传的当日销售将显示为迟到入账。</translation>
    </message>
    <message>
        <source>e.g. the bank&apos;s transaction number</source>
        <translation>例如：银行交易流水号</translation>
    </message>
    <message>
        <source>Transfer &amp;reference</source>
        <translation>转账流水号(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>Give the reference of the bank transfer.</source>
        <translation>请填写银行转账流水号。</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>The central store can&apos;t be reached. Sales of seats leased to this window, merchandise and cash go on and are sent later; refunds, exchanges and changes to shows, prices or staff wait until it is back.</source>
        <translation>无法连接中心服务器。本窗口预留座位的售票、商品销售和现金收款可以继续，稍后自动上传；退票、改签以及节目、票价、人员的修改须等连接恢复后再办理。</translation>
    </message>
</context>
<context>
    <name>DeliveryDialog</name>
    <message>
        <source>Delivery of {number}</source>
        <translation>订单 {number} 的配送</translation>
    </message>
    <message>
        <source>&amp;Recipient</source>
        <translation>收货人(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>收货地址(&amp;A)</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>配送</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>确定 (Enter)</translation>
    </message>
    <message>
        <source>Who receives the goods and where; printed on the receipt and kept with the order. Empty every field for no delivery.</source>
        <translation>收货人及收货地址，会打印在小票上并随订单保存。各项全部清空即为不配送。</translation>
    </message>
</context>
<context>
    <name>DesignerWindow</name>
    <message>
        <source>Loading the hall&apos;s layout…</source>
        <translation>正在读取演出厅座位图…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Save to the hall</source>
        <translation>保存到演出厅(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Import a layout file…</source>
        <translation>导入座位图文件(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export (JSON, CSV or PDF chart)…</source>
        <translation>导出（JSON、CSV 或 PDF 座位图）(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>S&amp;eats</source>
        <translation>座位(&amp;E)</translation>
    </message>
    <message>
        <source>Se&amp;ction</source>
        <translation>分区(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Hall</source>
        <translation>演出厅(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>version {n}</source>
        <translation>第 {n} 版</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Seat layout — {venue} {hall} ({version}){dirty}</source>
        <translation>座位图设计 — {venue} {hall}（{version}）{dirty}</translation>
    </message>
    <message>
        <source>Version {n} loaded: {seats} seats.</source>
        <translation>已读取第 {n} 版：{seats} 个座位。</translation>
    </message>
    <message>
        <source>This hall has no seat layout yet. Ctrl+Shift+N adds a section; F3 sets the price zones; Ctrl+O imports a file.</source>
        <translation>该演出厅还没有座位图。Ctrl+Shift+N 新建分区；F3 设置票区；Ctrl+O 导入文件。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved as version {n} ({seats} seats). New sessions of this hall take their seats from it.</source>
        <translation>已保存为第 {n} 版（{seats} 个座位）。该演出厅新排的场次将使用此座位图。</translation>
    </message>
    <message>
        <source>Import a seat layout</source>
        <translation>导入座位图</translation>
    </message>
    <message>
        <source>Seat layouts (*.json *.csv);;pretix seating plans (*.json);;All files (*)</source>
        <translation>座位图 (*.json *.csv);;pretix 座位图 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import {file}</source>
        <translation>导入 {file}</translation>
    </message>
    <message>
        <source>{file} imported: {seats} seats. Ctrl+Z undoes the import.</source>
        <translation>已导入 {file}：{seats} 个座位。Ctrl+Z 可撤销导入。</translation>
    </message>
    <message>
        <source>Export the seat layout</source>
        <translation>导出座位图</translation>
    </message>
    <message>
        <source>Seat layout (*.json);;CSV grid (*.csv);;PDF seat chart (*.pdf)</source>
        <translation>座位图 (*.json);;CSV 网格 (*.csv);;PDF 座位图 (*.pdf)</translation>
    </message>
    <message>
        <source>Written to {path}.</source>
        <translation>已写入 {path}。</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>修改未保存</translation>
    </message>
    <message>
        <source>Save the changes to {hall} before closing?</source>
        <translation>关闭前是否保存对 {hall} 的修改？</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Open drawer</source>
        <translation>打开钱箱</translation>
    </message>
    <message>
        <source>Test scan</source>
        <translation>扫描测试</translation>
    </message>
    <message>
        <source>Test display</source>
        <translation>客显测试</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <source>Ticket printer</source>
        <translation>门票打印机</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>扫码枪</translation>
    </message>
    <message>
        <source>Recognise a keyboard (USB HID) scanner</source>
        <translation>识别键盘式（USB HID）扫码枪</translation>
    </message>
    <message>
        <source>Press F8, then scan a barcode</source>
        <translation>按 F8，然后扫描条码</translation>
    </message>
    <message>
        <source>No scan yet.</source>
        <translation>尚未扫描。</translation>
    </message>
    <message>
        <source>Key gap at most</source>
        <translation>按键间隔最多</translation>
    </message>
    <message>
        <source>Serial scanner port</source>
        <translation>串口扫码枪端口</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>Ends with</source>
        <translation>结束符</translation>
    </message>
    <message>
        <source>Scan test</source>
        <translation>扫描测试</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>客显屏</translation>
    </message>
    <message>
        <source>Serial port (empty: none)</source>
        <translation>串口（空：不使用）</translation>
    </message>
    <message>
        <source>Device settings saved.</source>
        <translation>设备设置已保存。</translation>
    </message>
    <message>
        <source>The test page was sent to the printer.</source>
        <translation>测试页已发送到打印机。</translation>
    </message>
    <message>
        <source>The drawer was told to open.</source>
        <translation>已发送开钱箱指令。</translation>
    </message>
    <message>
        <source>Choose the customer display&apos;s serial port first.</source>
        <translation>请先选择客显屏的串口。</translation>
    </message>
    <message>
        <source>The customer display cannot be reached: {reason}</source>
        <translation>无法连接客显屏：{reason}</translation>
    </message>
    <message>
        <source>The customer display shows WELCOME and TOTAL CNY 128.00.</source>
        <translation>客显屏应显示 WELCOME 和 TOTAL CNY 128.00。</translation>
    </message>
    <message>
        <source>Waiting for a scan…</source>
        <translation>等待扫描…</translation>
    </message>
    <message>
        <source>Scanned {code} ({source}, {length} characters)</source>
        <translation>已扫描 {code}（{source}，{length} 个字符）</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>确定 (Enter)</translation>
    </message>
    <message>
        <source>A discount off the order&apos;s {total}, spread over its tickets. Say why: it is logged with the sale. 0 removes the discount.</source>
        <translation>从订单金额 {total} 中减免，按票分摊。请填写原因，将随销售记录。输入 0 取消优惠。</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>金额(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>A discount is between ¥0 and the order&apos;s {total}.</source>
        <translation>优惠金额须在 ¥0 到订单金额 {total} 之间。</translation>
    </message>
    <message>
        <source>Give a reason for the discount.</source>
        <translation>请填写优惠原因。</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Save (Enter)</source>
        <translation>保存 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
</context>
<context>
    <name>HallDialog</name>
    <message>
        <source>New hall</source>
        <translation>新建演出厅</translation>
    </message>
    <message>
        <source>Edit hall</source>
        <translation>编辑演出厅</translation>
    </message>
    <message>
        <source>New venue…</source>
        <translation>新建场馆…</translation>
    </message>
    <message>
        <source>e.g. 星海大剧院</source>
        <translation>例如：星海大剧院</translation>
    </message>
    <message>
        <source>Street and number</source>
        <translation>街道和门牌号</translation>
    </message>
    <message>
        <source>e.g. 大剧场</source>
        <translation>例如：大剧场</translation>
    </message>
    <message>
        <source>Reserved seats</source>
        <translation>对号入座</translation>
    </message>
    <message>
        <source>General admission</source>
        <translation>自由入座</translation>
    </message>
    <message>
        <source> seats</source>
        <translation> 座</translation>
    </message>
    <message>
        <source>&amp;Venue</source>
        <translation>场馆(&amp;V)</translation>
    </message>
    <message>
        <source>Venue &amp;name</source>
        <translation>场馆名称(&amp;N)</translation>
    </message>
    <message>
        <source>Venue &amp;address</source>
        <translation>场馆地址(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Hall name</source>
        <translation>演出厅名称(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Seating</source>
        <translation>入座方式(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Capacity</source>
        <translation>容量(&amp;C)</translation>
    </message>
    <message>
        <source>Give the hall a name.</source>
        <translation>请输入演出厅名称。</translation>
    </message>
    <message>
        <source>Hall and stage</source>
        <translation>演出厅与舞台</translation>
    </message>
    <message>
        <source>&amp;Place by the seats</source>
        <translation>按座位摆放(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Seat &amp;label template:</source>
        <translation>座位名称格式(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Stage label:</source>
        <translation>舞台名称(&amp;S)：</translation>
    </message>
    <message>
        <source>Stage &amp;x, y:</source>
        <translation>舞台位置 x、y(&amp;X)：</translation>
    </message>
    <message>
        <source>Stage &amp;width, height:</source>
        <translation>舞台宽、高(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Focal point x, y:</source>
        <translation>最佳视点 x、y(&amp;F)：</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Welcome, {name}. You are at {terminal}.</source>
        <translation>{name}，您好。当前终端：{terminal}。</translation>
    </message>
    <message>
        <source>an unnamed terminal</source>
        <translation>未命名终端</translation>
    </message>
    <message>
        <source>Today&apos;s sessions</source>
        <translation>今日排场</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Refresh the page</source>
        <translation>刷新页面</translation>
    </message>
    <message>
        <source>Search a list</source>
        <translation>在列表中查找</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Your role does not sell or manage sessions.</source>
        <translation>您的角色不涉及售票或排场管理。</translation>
    </message>
    <message>
        <source>No sessions today.</source>
        <translation>今天没有排场。</translation>
    </message>
</context>
<context>
    <name>ImportProblemsDialog</name>
    <message>
        <source>Nothing was imported</source>
        <translation>未导入任何数据</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Correct these cells in the file and import it again.</source>
        <translation>请在文件中改正这些单元格后重新导入。</translation>
    </message>
</context>
<context>
    <name>LayoutDesigner</name>
    <message>
        <source>New hall</source>
        <translation>新演出厅</translation>
    </message>
    <message>
        <source>Sectio&amp;n:</source>
        <translation>分区(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Zone:</source>
        <translation>票区(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Select</source>
        <translation>选择(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Paint seats</source>
        <translation>画座位(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Erase seats</source>
        <translation>擦除座位(&amp;E)</translation>
    </message>
    <message>
        <source>Put seats in the selection</source>
        <translation>在选区放座位</translation>
    </message>
    <message>
        <source>Remove seats in the selection</source>
        <translation>删除选区内的座位</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>取消选区</translation>
    </message>
    <message>
        <source>Set &amp;zone of the selection</source>
        <translation>设置选区票区(&amp;Z)</translation>
    </message>
    <message>
        <source>Set &amp;kind of the selection</source>
        <translation>设置选区座位类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Number the selection…</source>
        <translation>选区编号(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Mirror the selection</source>
        <translation>左右翻转选区(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Paste &amp;mirrored</source>
        <translation>镜像粘贴(&amp;M)</translation>
    </message>
    <message>
        <source>Select the whole &amp;section</source>
        <translation>选中整个分区(&amp;S)</translation>
    </message>
    <message>
        <source>Select whole &amp;rows</source>
        <translation>选中整排(&amp;R)</translation>
    </message>
    <message>
        <source>Select whole co&amp;lumns</source>
        <translation>选中整列(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;New section…</source>
        <translation>新建分区(&amp;N)…</translation>
    </message>
    <message>
        <source>Section &amp;properties…</source>
        <translation>分区属性(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Delete section</source>
        <translation>删除分区(&amp;D)</translation>
    </message>
    <message>
        <source>Next section</source>
        <translation>下一个分区</translation>
    </message>
    <message>
        <source>Previous section</source>
        <translation>上一个分区</translation>
    </message>
    <message>
        <source>Price &amp;zones…</source>
        <translation>票区(&amp;Z)…</translation>
    </message>
    <message>
        <source>&amp;Hall and stage…</source>
        <translation>演出厅与舞台(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Select: click a cell or drag a rectangle.</source>
        <translation>选择：单击格子或拖出矩形。</translation>
    </message>
    <message>
        <source>Paint: click or drag to put seats (Shift: whole rows, Ctrl: whole columns).</source>
        <translation>画座位：单击或拖动放置座位（Shift：整排，Ctrl：整列）。</translation>
    </message>
    <message>
        <source>Erase: click or drag to remove seats (Shift: whole rows, Ctrl: whole columns).</source>
        <translation>擦除：单击或拖动删除座位（Shift：整排，Ctrl：整列）。</translation>
    </message>
    <message>
        <source>{seats} seats in {sections} sections</source>
        <translation>{sections} 个分区，共 {seats} 个座位</translation>
    </message>
    <message>
        <source>{name} ({columns} × {rows})</source>
        <translation>{name}（{columns} × {rows}）</translation>
    </message>
    <message>
        <source>(no zone)</source>
        <translation>（无票区）</translation>
    </message>
    <message>
        <source>{count} problems (Enter on one shows it)</source>
        <translation>{count} 个问题（选中后按回车定位）</translation>
    </message>
    <message>
        <source>No problems: sessions can sell from this layout.</source>
        <translation>没有问题：场次可以按此座位图售票。</translation>
    </message>
    <message>
        <source>Add section {name}</source>
        <translation>新建分区 {name}</translation>
    </message>
    <message>
        <source>Section {name} added: Ctrl+A selects it, Enter fills it with seats.</source>
        <translation>已新建分区 {name}：Ctrl+A 全选，回车铺满座位。</translation>
    </message>
    <message>
        <source>Add a section first (Ctrl+Shift+N).</source>
        <translation>请先新建分区（Ctrl+Shift+N）。</translation>
    </message>
    <message>
        <source>Change section {name}</source>
        <translation>修改分区 {name}</translation>
    </message>
    <message>
        <source>Delete section {name}</source>
        <translation>删除分区 {name}</translation>
    </message>
    <message>
        <source>Section {name} deleted (Ctrl+Z brings it back).</source>
        <translation>已删除分区 {name}（Ctrl+Z 可恢复）。</translation>
    </message>
    <message>
        <source>Every zone needs a key and a name; the zones were not changed.</source>
        <translation>每个票区都需要代码和名称；票区未修改。</translation>
    </message>
    <message>
        <source>Change price zones</source>
        <translation>修改票区</translation>
    </message>
    <message>
        <source>The hall needs a name, and the label template needs {seat}; nothing was changed.</source>
        <translation>演出厅需要名称，座位名称格式需要包含 {seat}；未做修改。</translation>
    </message>
    <message>
        <source>Change hall and stage</source>
        <translation>修改演出厅与舞台</translation>
    </message>
    <message>
        <source>No section yet: Ctrl+Shift+N adds one.</source>
        <translation>还没有分区：Ctrl+Shift+N 新建。</translation>
    </message>
    <message>
        <source>{section}: row {row}, column {column}</source>
        <translation>{section}：第 {row} 行，第 {column} 列</translation>
    </message>
    <message>
        <source>{seat}, zone {zone}, {kind}</source>
        <translation>{seat}，票区 {zone}，{kind}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>selected {columns} × {rows} cells, {seats} seats</source>
        <translation>已选 {columns} × {rows} 格，{seats} 个座位</translation>
    </message>
    <message>
        <source>Paint seats</source>
        <translation>画座位</translation>
    </message>
    <message>
        <source>{count} seats added.</source>
        <translation>已添加 {count} 个座位。</translation>
    </message>
    <message>
        <source>Erase seats</source>
        <translation>擦除座位</translation>
    </message>
    <message>
        <source>{count} seats removed.</source>
        <translation>已删除 {count} 个座位。</translation>
    </message>
    <message>
        <source>Set zone</source>
        <translation>设置票区</translation>
    </message>
    <message>
        <source>Set kind</source>
        <translation>设置座位类型</translation>
    </message>
    <message>
        <source>Number seats</source>
        <translation>座位编号</translation>
    </message>
    <message>
        <source>Seats numbered.</source>
        <translation>座位已编号。</translation>
    </message>
    <message>
        <source>Mirror</source>
        <translation>左右翻转</translation>
    </message>
    <message>
        <source>Copied {seats} seats ({columns} × {rows} cells). Ctrl+V pastes at the cursor, Ctrl+Shift+V mirrored.</source>
        <translation>已复制 {seats} 个座位（{columns} × {rows} 格）。Ctrl+V 粘贴到光标处，Ctrl+Shift+V 镜像粘贴。</translation>
    </message>
    <message>
        <source>Nothing copied yet (Ctrl+C).</source>
        <translation>还没有复制内容（Ctrl+C）。</translation>
    </message>
    <message>
        <source>Paste mirrored</source>
        <translation>镜像粘贴</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>{count} seats pasted.</source>
        <translation>已粘贴 {count} 个座位。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>BoxOffice — Log in</source>
        <translation>BoxOffice — 登录</translation>
    </message>
    <message>
        <source>BoxOffice</source>
        <translation>BoxOffice</translation>
    </message>
    <message>
        <source>&amp;Login name</source>
        <translation>登录名(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <source>Log in (Enter)</source>
        <translation>登录 (Enter)</translation>
    </message>
    <message>
        <source>Quit (Esc)</source>
        <translation>退出 (Esc)</translation>
    </message>
    <message>
        <source>Terminal: {name}</source>
        <translation>终端：{name}</translation>
    </message>
    <message>
        <source>Terminal not set</source>
        <translation>未设置终端</translation>
    </message>
    <message>
        <source>Central store: {url}</source>
        <translation>中心服务器：{url}</translation>
    </message>
    <message>
        <source>Enter your login name and password.</source>
        <translation>请输入登录名和密码。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>BoxOffice — {terminal}</source>
        <translation>BoxOffice — {terminal}</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>账号(&amp;A)</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>退出登录(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <source>User: {name} ({roles})</source>
        <translation>用户：{name}（{roles}）</translation>
    </message>
    <message>
        <source>Terminal: {name}</source>
        <translation>终端：{name}</translation>
    </message>
    <message>
        <source>Shift: not open</source>
        <translation>班次：未开班</translation>
    </message>
    <message>
        <source>Shift: {cashier} since {time}</source>
        <translation>班次：{cashier}，{time} 开班</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Log out anyway?</source>
        <translation>仍要退出登录吗？</translation>
    </message>
    <message>
        <source>logging out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>custom role</source>
        <translation>自定义角色</translation>
    </message>
</context>
<context>
    <name>MerchantDialog</name>
    <message>
        <source>New merchant</source>
        <translation>新建商户</translation>
    </message>
    <message>
        <source>Edit merchant</source>
        <translation>编辑商户</translation>
    </message>
    <message>
        <source>e.g. 小卖部, 文创商店</source>
        <translation>例如：小卖部、文创商店</translation>
    </message>
    <message>
        <source>The venue&apos;s share of the merchant&apos;s net sales, settled daily.</source>
        <translation>场馆按商户每日净销售额收取的比例，每日结算。</translation>
    </message>
    <message>
        <source>&amp;Enabled (its tills can sell)</source>
        <translation>启用(&amp;E)（其收银台可以销售）</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Contact</source>
        <translation>联系人(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Fee rate</source>
        <translation>费率(&amp;F)</translation>
    </message>
</context>
<context>
    <name>MerchantOrdersPage</name>
    <message>
        <source>Merchant orders</source>
        <translation>商品订单</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>配送</translation>
    </message>
    <message>
        <source>Only orders to deliver (Alt+&amp;D)</source>
        <translation>只看需配送的订单 (Alt+&amp;D)</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>从(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>至(&amp;T)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商户</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>收货人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>收货地址</translation>
    </message>
    <message>
        <source>Payment collection</source>
        <translation>商家收款</translation>
    </message>
    <message>
        <source>Goods</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>{n} orders, net {amount}</source>
        <translation>{n} 笔订单，净额 {amount}</translation>
    </message>
    <message>
        <source>Order discount {amount}</source>
        <translation>整单优惠 {amount}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>备注：{note}</translation>
    </message>
    <message>
        <source>Paid: {payments}</source>
        <translation>支付：{payments}</translation>
    </message>
</context>
<context>
    <name>MerchantReportsPage</name>
    <message>
        <source>Merchant reports and settlement</source>
        <translation>商户报表与结算</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <source>Confirm paid</source>
        <translation>确认已打款</translation>
    </message>
    <message>
        <source>Ctrl+Enter confirms the chosen settlement too.</source>
        <translation>按 Ctrl+Enter 也可确认所选结算。</translation>
    </message>
    <message>
        <source>&amp;Merchant</source>
        <translation>商户(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>从(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>至(&amp;T)</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商户</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Goods sales</source>
        <translation>商品销售额</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>商家收款</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款额</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Refunds made</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>货号</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Payment collections</source>
        <translation>商家收款</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>售出数量</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退货数量</translation>
    </message>
    <message>
        <source>Net quantity</source>
        <translation>净数量</translation>
    </message>
    <message>
        <source>Net amount</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Fee rate</source>
        <translation>费率</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>平台服务费</translation>
    </message>
    <message>
        <source>Payable</source>
        <translation>应付商户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已打款</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未打款</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>打款时间</translation>
    </message>
    <message>
        <source>Confirmed by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Transfer reference</source>
        <translation>转账流水号</translation>
    </message>
    <message>
        <source>Late arrivals</source>
        <translation>迟到入账</translation>
    </message>
    <message>
        <source>Order summary</source>
        <translation>订单汇总</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>按日统计</translation>
    </message>
    <message>
        <source>By operator</source>
        <translation>操作员统计</translation>
    </message>
    <message>
        <source>By product</source>
        <translation>销售统计</translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation>结算记录</translation>
    </message>
    <message>
        <source>All merchants</source>
        <translation>全部商户</translation>
    </message>
    <message>
        <source>The last day is before the first day.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>Each merchant&apos;s settlement of a day is made after the day ends: its sales of the day and the refunds made that day, less the venue&apos;s fee. Pay it by bank transfer, then confirm it paid (F9) with the transfer&apos;s reference. A late arrival is money for a day already paid (a sale queued offline): settle it separately.</source>
        <translation>每个商户每天的结算在当天结束后生成：当天的销售额加当天发生的退款，扣除场馆的平台服务费。请通过银行转账支付，然后凭转账流水号确认已打款 (F9)。迟到入账是指已打款日期又收到的款项（离线待上传的销售）：请单独结算。</translation>
    </message>
    <message>
        <source>Sales are the lines&apos; amounts after line discounts; an order&apos;s own discount is in the order summary. Refunds count on the day they were made.</source>
        <translation>销售额为各商品行扣除单品优惠后的金额；整单优惠见订单汇总。退款计入退款发生的当天。</translation>
    </message>
    <message>
        <source>Orders count on the day they were sold (a sale queued offline on its own day), refunds on the day they were made.</source>
        <translation>订单计入售出当天（离线待上传的销售计入其实际售出日），退款计入退款发生的当天。</translation>
    </message>
    <message>
        <source>Nothing in these days.</source>
        <translation>这些日期内没有数据。</translation>
    </message>
    <message>
        <source>Payable {payable}, of which still open {open}.</source>
        <translation>应付商户 {payable}，其中未打款 {open}。</translation>
    </message>
    <message>
        <source>Late arrivals on paid days: {late}.</source>
        <translation>已打款日期的迟到入账：{late}。</translation>
    </message>
    <message>
        <source>Total: sales {sales}, refunds {refunds}, net {net}.</source>
        <translation>合计：销售额 {sales}，退款额 {refunds}，净额 {net}。</translation>
    </message>
    <message>
        <source>Total: {orders} orders, sales {sales}, refunds {refunds}, net {net}.</source>
        <translation>合计：{orders} 笔订单，销售额 {sales}，退款额 {refunds}，净额 {net}。</translation>
    </message>
    <message>
        <source>Choose the settlement that was paid.</source>
        <translation>请选择已打款的结算。</translation>
    </message>
    <message>
        <source>This settlement was confirmed paid by {name} ({reference}).</source>
        <translation>该结算已由 {name} 确认打款（流水号 {reference}）。</translation>
    </message>
    <message>
        <source>The settlement of {merchant} for {day} is confirmed paid.</source>
        <translation>{merchant} {day} 的结算已确认打款。</translation>
    </message>
    <message>
        <source>{report}-{merchant}-{start}-{end}.xlsx</source>
        <translation>{report}-{merchant}-{start}-{end}.xlsx</translation>
    </message>
    <message>
        <source>Export the report to Excel</source>
        <translation>将报表导出为 Excel</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exported {count} rows to {path}</source>
        <translation>已导出 {count} 行到 {path}</translation>
    </message>
</context>
<context>
    <name>MerchantsPage</name>
    <message>
        <source>Merchants</source>
        <translation>商户</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Enter on a row edits it too.</source>
        <translation>在某行上按 Enter 也可编辑。</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商户</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Fee rate</source>
        <translation>费率</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Operators are the staff accounts working for a merchant (Staff page). A merchant with sales is never deleted: disable it instead.</source>
        <translation>操作员是为商户工作的员工账号（见员工页面）。有销售记录的商户不能删除，请改为停用。</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Disable merchant</source>
        <translation>停用商户</translation>
    </message>
    <message>
        <source>Disable “{name}”? Its tills stop selling until it is enabled again; its sales and settlements stay.</source>
        <translation>停用“{name}”？停用后其收银台将不能销售，直到重新启用；其销售和结算记录保留。</translation>
    </message>
</context>
<context>
    <name>MoneyEdit</name>
    <message>
        <source>e.g. 480 or 480.00</source>
        <translation>例如：480 或 480.00</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
</context>
<context>
    <name>NeedsAttentionDialog</name>
    <message>
        <source>Needs attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <source>Queued at</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>票数</translation>
    </message>
    <message>
        <source>What went wrong</source>
        <translation>问题原因</translation>
    </message>
    <message>
        <source>These sales were taken here but refused by the central store, so they are kept on this computer. Fix the cause (for example, release the seats at the other window), then send again; or show this list to a supervisor. Nothing here is ever deleted.</source>
        <translation>这些销售已在本机完成，但被中心服务器拒绝，因此保留在本机。请先排除原因（例如请另一窗口释放座位）后重新上传，或将此列表交给值班主管处理。这里的记录永远不会被删除。</translation>
    </message>
    <message>
        <source>Send again (Ctrl+R)</source>
        <translation>重新上传 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>{parked} refused, {waiting} waiting to be sent.</source>
        <translation>{parked} 笔被拒绝，{waiting} 笔等待上传。</translation>
    </message>
</context>
<context>
    <name>NumberingDialog</name>
    <message>
        <source>Number seats</source>
        <translation>座位编号</translation>
    </message>
    <message>
        <source>Odd and even from the centre (单双号)</source>
        <translation>单双号（从中间向两侧）</translation>
    </message>
    <message>
        <source>1…n from house left</source>
        <translation>从左到右 1…n</translation>
    </message>
    <message>
        <source>1…n from house right</source>
        <translation>从右到左 1…n</translation>
    </message>
    <message>
        <source>Odd numbers on house right (右单左双)</source>
        <translation>面向舞台右单左双</translation>
    </message>
    <message>
        <source>Odd numbers on house left (左单右双)</source>
        <translation>面向舞台左单右双</translation>
    </message>
    <message>
        <source>Also label the rows</source>
        <translation>同时设置排号</translation>
    </message>
    <message>
        <source>Numbers: 1, 2, 3 …</source>
        <translation>数字：1、2、3 …</translation>
    </message>
    <message>
        <source>Letters: A, B, C … (no I or O)</source>
        <translation>字母：A、B、C …（不用 I 和 O）</translation>
    </message>
    <message>
        <source>Count rows from the back</source>
        <translation>从后往前排号</translation>
    </message>
    <message>
        <source>&amp;Scheme:</source>
        <translation>编号方式(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;First seat number:</source>
        <translation>起始座号(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Odd side:</source>
        <translation>单号一侧(&amp;O)：</translation>
    </message>
    <message>
        <source>Row label st&amp;yle:</source>
        <translation>排号样式(&amp;Y)：</translation>
    </message>
    <message>
        <source>First &amp;row:</source>
        <translation>起始排号(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <source>Exchange tickets</source>
        <translation>改签</translation>
    </message>
    <message>
        <source>{amount} to the customer&apos;s mobile pay could not be given back yet: {error}</source>
        <translation>{amount} 暂未能退回顾客的移动支付：{error}</translation>
    </message>
    <message>
        <source>The refund is recorded, but {owed} Press Enter to try again.</source>
        <translation>退款已记录，但{owed} 请按 Enter 重试。</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Refund order</source>
        <translation>整单退票</translation>
    </message>
    <message>
        <source>Refund tickets</source>
        <translation>退票</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>重打</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>改签</translation>
    </message>
    <message>
        <source>Check tickets</source>
        <translation>检票</translation>
    </message>
    <message>
        <source>Back to orders</source>
        <translation>返回订单</translation>
    </message>
    <message>
        <source>Order number or its last digits, phone number, or scan a ticket</source>
        <translation>订单号或其尾号、手机号，或扫描门票</translation>
    </message>
    <message>
        <source>&amp;Find (Ctrl+F)</source>
        <translation>查找(&amp;F) (Ctrl+F)</translation>
    </message>
    <message>
        <source>Find (Enter)</source>
        <translation>查找 (Enter)</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>售票员</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>门票</translation>
    </message>
    <message>
        <source>Type an order number (or its last 4 digits) or a phone number and press Enter, or scan a ticket.</source>
        <translation>输入订单号（或其后 4 位）或手机号后按 Enter，或扫描门票。</translation>
    </message>
    <message>
        <source>Seat</source>
        <translation>座位</translation>
    </message>
    <message>
        <source>Admission</source>
        <translation>自由入座</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>节目</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>开演</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>票区</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>票种</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>票价</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印次数</translation>
    </message>
    <message>
        <source>Space selects · Shift+arrows select more · Ctrl+Space unselects</source>
        <translation>空格键选中 · Shift+方向键多选 · Ctrl+Space 取消选中</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>History of the ticket</source>
        <translation>门票记录</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Money back</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款记录</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Any session</source>
        <translation>全部场次</translation>
    </message>
    <message>
        <source>Scan a ticket, or type its code and press Enter</source>
        <translation>扫描门票，或输入票码后按 Enter</translation>
    </message>
    <message>
        <source>&amp;Ticket</source>
        <translation>门票(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Only for</source>
        <translation>仅限场次(&amp;O)</translation>
    </message>
    <message>
        <source>Scan a ticket</source>
        <translation>请扫描门票</translation>
    </message>
    <message>
        <source>Each ticket scanned is checked and admitted at once.</source>
        <translation>每扫一张票即检票并放行入场。</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>门票</translation>
    </message>
    <message>
        <source>Last checks</source>
        <translation>最近检票</translation>
    </message>
    <message>
        <source>Esc goes back to the orders.</source>
        <translation>按 Esc 返回订单。</translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <source>Used {time} at {where}</source>
        <translation>已于 {time} 在 {where} 使用</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Exchanged</source>
        <translation>已改签</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>售出</translation>
    </message>
    <message>
        <source>Reprinted</source>
        <translation>重打</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>已检票</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退票</translation>
    </message>
    <message>
        <source>Exchanged tickets</source>
        <translation>改签原票</translation>
    </message>
    <message>
        <source>{count} × {show} {starts}</source>
        <translation>{count} × {show} {starts}</translation>
    </message>
    <message>
        <source>Type or scan an order number, a phone number or a ticket.</source>
        <translation>请输入或扫描订单号、手机号或门票。</translation>
    </message>
    <message>
        <source>Order {number}</source>
        <translation>订单 {number}</translation>
    </message>
    <message>
        <source>History of {seat}</source>
        <translation>{seat} 的记录</translation>
    </message>
    <message>
        <source>Open a shift first (Shift page).</source>
        <translation>请先开班（交班页面）。</translation>
    </message>
    <message>
        <source>The shift open at this window is {cashier}&apos;s. Money can only come out of your own shift: open one first (Shift page).</source>
        <translation>本窗口当前是 {cashier} 的班次。只能从您自己的班次中退款：请先开班（交班页面）。</translation>
    </message>
    <message>
        <source>The ticket {seat} is void.</source>
        <translation>门票 {seat} 已作废。</translation>
    </message>
    <message>
        <source>The ticket {seat} was already refunded.</source>
        <translation>门票 {seat} 已退过。</translation>
    </message>
    <message>
        <source>Every ticket of order {number} was already refunded.</source>
        <translation>订单 {number} 的门票已全部退过。</translation>
    </message>
    <message>
        <source>Select the tickets to refund first: Space selects the current ticket.</source>
        <translation>请先选择要退的门票：空格键选中当前门票。</translation>
    </message>
    <message>
        <source>Refund {count} ticket(s) of order {number}: {seats}. {amount} goes back the way it was paid.</source>
        <translation>退订单 {number} 的 {count} 张票：{seats}。{amount} 按原支付方式退回。</translation>
    </message>
    <message>
        <source>The ticket {seat} was already used ({time}); refunding it needs the permission to force refunds.</source>
        <translation>门票 {seat} 已使用（{time}）；退票需要强制退票权限。</translation>
    </message>
    <message>
        <source>Refund {amount} (Enter)</source>
        <translation>退款 {amount} (Enter)</translation>
    </message>
    <message>
        <source>Void (作废) order {number}? All its {count} ticket(s) become void and {amount} goes back as it was paid. Only the last sale of your shift can be voided, within {minutes} minutes of the sale.</source>
        <translation>作废订单 {number}？其全部 {count} 张票将作废，{amount} 按原支付方式退回。只能作废本班次最近一笔销售，且须在售出后 {minutes} 分钟内。</translation>
    </message>
    <message>
        <source>Void order</source>
        <translation>作废订单</translation>
    </message>
    <message>
        <source>Void order (Enter)</source>
        <translation>作废订单 (Enter)</translation>
    </message>
    <message>
        <source>The refund is recorded, but {owed} Give it back on the payment provider&apos;s merchant platform.</source>
        <translation>退款已记录，但{owed} 请在支付机构的商户平台上退款。</translation>
    </message>
    <message>
        <source>Order {number} is void ({amount})</source>
        <translation>订单 {number} 已作废（{amount}）</translation>
    </message>
    <message>
        <source>The void slip is printing.</source>
        <translation>正在打印作废单。</translation>
    </message>
    <message>
        <source>Refunded {amount}</source>
        <translation>已退款 {amount}</translation>
    </message>
    <message>
        <source>The refund slip is printing: have the customer sign it.</source>
        <translation>正在打印退票单：请顾客签字。</translation>
    </message>
    <message>
        <source>cash {amount} from the drawer</source>
        <translation>现金 {amount} 从钱箱退还</translation>
    </message>
    <message>
        <source>card {amount}: refund it on the bank&apos;s card terminal</source>
        <translation>银行卡 {amount}：请在银行 POS 机上退款</translation>
    </message>
    <message>
        <source>mobile pay {amount} back to the customer&apos;s phone</source>
        <translation>移动支付 {amount} 退回顾客手机</translation>
    </message>
    <message>
        <source>Only valid tickets can be reprinted.</source>
        <translation>只有有效门票才能重打。</translation>
    </message>
    <message>
        <source>Reprint tickets</source>
        <translation>重打门票</translation>
    </message>
    <message>
        <source>{seats} of order {number} print again, marked 重打 REPRINT. The paper they replace no longer admits anyone.</source>
        <translation>订单 {number} 的 {seats} 将再次打印，并标注“重打 REPRINT”。被取代的原票不能再入场。</translation>
    </message>
    <message>
        <source>Reprint (Enter)</source>
        <translation>重打 (Enter)</translation>
    </message>
    <message>
        <source>Reprinting {seats}: the earlier paper no longer admits anyone.</source>
        <translation>正在重打 {seats}：原票不能再入场。</translation>
    </message>
    <message>
        <source>Select the tickets to exchange first: Space selects the current ticket.</source>
        <translation>请先选择要改签的门票：空格键选中当前门票。</translation>
    </message>
    <message>
        <source>A used ticket cannot be exchanged.</source>
        <translation>已使用的门票不能改签。</translation>
    </message>
    <message>
        <source>Exchange cancelled: nothing was exchanged.</source>
        <translation>已取消改签：未做任何改签。</translation>
    </message>
    <message>
        <source>Give the customer back the {amount} cash taken.</source>
        <translation>请将收取的现金 {amount} 退还顾客。</translation>
    </message>
    <message>
        <source>Refund the card payment of {amount} on the card terminal.</source>
        <translation>请在银行 POS 机上退回银行卡付款 {amount}。</translation>
    </message>
    <message>
        <source>The mobile payment of {amount} goes back to their phone.</source>
        <translation>移动支付 {amount} 将退回顾客手机。</translation>
    </message>
    <message>
        <source>Exchanged: new order {number}, {seats}. The new tickets and the exchange slip are printing.</source>
        <translation>已改签：新订单 {number}，{seats}。正在打印新门票和改签单。</translation>
    </message>
    <message>
        <source>The customer paid {amount}.</source>
        <translation>顾客已付 {amount}。</translation>
    </message>
    <message>
        <source>Back to the customer: {parts}.</source>
        <translation>退还顾客：{parts}。</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>未检票</translation>
    </message>
    <message>
        <source>Valid — admitted</source>
        <translation>有效 — 准予入场</translation>
    </message>
    <message>
        <source>Already used at {time} at {where}</source>
        <translation>已使用：{time}，{where}</translation>
    </message>
    <message>
        <source>Exchanged — not valid</source>
        <translation>已改签 — 无效</translation>
    </message>
    <message>
        <source>Replaced by a reprint — this paper is no longer valid</source>
        <translation>已重打 — 此票无效</translation>
    </message>
    <message>
        <source>Not for this session</source>
        <translation>非本场次门票</translation>
    </message>
    <message>
        <source>Unknown ticket — not sold here</source>
        <translation>未知门票 — 非本处售出</translation>
    </message>
    <message>
        <source>The code is signed by this venue but no such ticket exists in this store.</source>
        <translation>票码为本场馆签发，但系统中没有这张门票。</translation>
    </message>
    <message>
        <source>Forged or from another venue</source>
        <translation>伪造或其他场馆的门票</translation>
    </message>
    <message>
        <source>Do not admit.</source>
        <translation>请勿放行。</translation>
    </message>
    <message>
        <source>Not a ticket</source>
        <translation>不是门票</translation>
    </message>
    <message>
        <source>This barcode is not one of our tickets.</source>
        <translation>此条码不是本场馆的门票。</translation>
    </message>
    <message>
        <source>Cannot be read</source>
        <translation>无法识别</translation>
    </message>
    <message>
        <source>Scan it again, or type the code.</source>
        <translation>请重新扫描，或手动输入票码。</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Supervisor confirmation</source>
        <translation>主管确认</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>确认 (Enter)</translation>
    </message>
    <message>
        <source>{count} sales taken at this terminal have not reached the central store yet. They stay on this computer and are sent when it is back in touch, but {what} now needs a supervisor to log in here and confirm.</source>
        <translation>本终端有 {count} 笔销售尚未上传到中心服务器。这些销售保留在本机，连接恢复后自动上传；但现在{what}需要值班主管在此登录确认。</translation>
    </message>
    <message>
        <source>Supervisor &amp;login</source>
        <translation>主管登录名(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Enter the supervisor&apos;s login name and password.</source>
        <translation>请输入主管的登录名和密码。</translation>
    </message>
</context>
<context>
    <name>Page</name>
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
    <name>PaymentDialog</name>
    <message>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>应付</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已付</translation>
    </message>
    <message>
        <source>Still to pay</source>
        <translation>待付</translation>
    </message>
    <message>
        <source>From the card terminal&apos;s slip</source>
        <translation>银行卡签购单上的参考号</translation>
    </message>
    <message>
        <source>Scan the code on the customer&apos;s phone</source>
        <translation>扫描顾客手机上的付款码</translation>
    </message>
    <message>
        <source>&amp;Tendered</source>
        <translation>实收(&amp;T)</translation>
    </message>
    <message>
        <source>Enter takes the cash and gives change. Less than is due: Ctrl+Enter takes it as part of the payment.</source>
        <translation>Enter 收取现金并找零。不足应付金额时：按 Ctrl+Enter 作为部分付款。</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>金额(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reference</source>
        <translation>参考号(&amp;R)</translation>
    </message>
    <message>
        <source>Run the card on the bank terminal for this amount, then type the reference number from its slip and press Enter.</source>
        <translation>请在银行 POS 机上刷卡收取此金额，然后输入签购单上的参考号并按 Enter。</translation>
    </message>
    <message>
        <source>Pay &amp;code</source>
        <translation>付款码(&amp;C)</translation>
    </message>
    <message>
        <source>Scan the pay code (付款码) on the customer&apos;s WeChat or Alipay; it is charged as soon as the scan ends.</source>
        <translation>扫描顾客微信或支付宝的付款码；扫码完成即扣款。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>删除此行</translation>
    </message>
    <message>
        <source>Add, keep paying (Ctrl+Enter)</source>
        <translation>加入，继续收款 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>确认 (Enter)</translation>
    </message>
    <message>
        <source>Tab to the list; Del removes the selected line.</source>
        <translation>按 Tab 进入列表；Del 删除所选行。</translation>
    </message>
    <message>
        <source>The payments cover the total. Press Enter to finish.</source>
        <translation>已付足金额。按 Enter 完成。</translation>
    </message>
    <message>
        <source>Refund mobile payment</source>
        <translation>退回移动支付</translation>
    </message>
    <message>
        <source>Refund {amount} to the customer&apos;s {wallet} and remove the line?</source>
        <translation>将 {amount} 退回顾客的{wallet}并删除此行？</translation>
    </message>
    <message>
        <source>Cancel payment</source>
        <translation>取消收款</translation>
    </message>
    <message>
        <source>{amount} was charged to the customer&apos;s phone. Cancel the payment and refund it?</source>
        <translation>已从顾客手机扣款 {amount}。取消收款并退款？</translation>
    </message>
    <message>
        <source>Enter an amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <source>Enter an amount above zero.</source>
        <translation>请输入大于零的金额。</translation>
    </message>
    <message>
        <source>The amount is more than the {due} still to pay.</source>
        <translation>金额超过待付的 {due}。</translation>
    </message>
    <message>
        <source>Tendered cash is less than the amount due. Take more, or press Ctrl+Enter to take it as part of the payment.</source>
        <translation>实收现金少于应付金额。请再收取，或按 Ctrl+Enter 作为部分付款。</translation>
    </message>
    <message>
        <source>This card payment is already in the list.</source>
        <translation>这笔银行卡付款已在列表中。</translation>
    </message>
    <message>
        <source>Waiting for the payment service…</source>
        <translation>正在等待支付服务…</translation>
    </message>
    <message>
        <source>Refunding through the payment service…</source>
        <translation>正在通过支付服务退款…</translation>
    </message>
    <message>
        <source>tendered {tendered}, change {change}</source>
        <translation>实收 {tendered}，找零 {change}</translation>
    </message>
    <message>
        <source>Paid in full. Press Enter to finish.</source>
        <translation>已全额付清。按 Enter 完成。</translation>
    </message>
    <message>
        <source>Change {amount}</source>
        <translation>找零 {amount}</translation>
    </message>
    <message>
        <source>Short {amount}</source>
        <translation>还差 {amount}</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
</context>
<context>
    <name>PickDialog</name>
    <message>
        <source>Name, code or barcode</source>
        <translation>名称、货号或条码</translation>
    </message>
    <message>
        <source>Nothing matches.</source>
        <translation>没有匹配项。</translation>
    </message>
    <message>
        <source>Type to narrow · ↑↓ and Enter · Esc cancels</source>
        <translation>输入文字筛选 · ↑↓ 和 Enter 选择 · Esc 取消</translation>
    </message>
    <message>
        <source>↑↓ and Enter, or the row&apos;s number · Esc cancels</source>
        <translation>↑↓ 和 Enter，或输入行号 · Esc 取消</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Preview: {title}</source>
        <translation>打印预览：{title}</translation>
    </message>
</context>
<context>
    <name>PricesPage</name>
    <message>
        <source>Prices</source>
        <translation>票价</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>节目</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>演出厅</translation>
    </message>
    <message>
        <source>Search sessions (Ctrl+F)</source>
        <translation>查找排场 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Ticket type</source>
        <translation>票种</translation>
    </message>
    <message>
        <source>Share of full price</source>
        <translation>占全价比例</translation>
    </message>
    <message>
        <source>Complimentary</source>
        <translation>赠票</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>A ¥480 seat costs</source>
        <translation>¥480 座位折后价</translation>
    </message>
    <message>
        <source>Price zones</source>
        <translation>票区</translation>
    </message>
    <message>
        <source>Ticket types</source>
        <translation>票种</translation>
    </message>
    <message>
        <source>Add zone</source>
        <translation>添加票区</translation>
    </message>
    <message>
        <source>Remove zone</source>
        <translation>删除票区</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Unsaved prices</source>
        <translation>票价未保存</translation>
    </message>
    <message>
        <source>Discard the changed prices of “{show}”?</source>
        <translation>放弃对“{show}”票价的修改？</translation>
    </message>
    <message>
        <source>Saved {n} zones for “{show}”.</source>
        <translation>已保存“{show}”的 {n} 个票区。</translation>
    </message>
</context>
<context>
    <name>PrintQueuePage</name>
    <message>
        <source>Print queue</source>
        <translation>打印队列</translation>
    </message>
    <message>
        <source>Print now</source>
        <translation>立即打印</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>取消打印</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>重打</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>加入时间</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>门票</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>小票</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待打印</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>reprint {n}</source>
        <translation>第 {n} 次重打</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <source>Ticket printer</source>
        <translation>门票打印机</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Printers: starting…</source>
        <translation>打印机：正在启动…</translation>
    </message>
    <message>
        <source>“{title}” prints again, marked 重打 REPRINT. A reprinted ticket replaces the earlier paper, which no longer admits anyone.</source>
        <translation>“{title}”将再次打印，并标注“重打 REPRINT”。重打的门票取代之前那张，原票不能再入场。</translation>
    </message>
    <message>
        <source>Reprint (Enter)</source>
        <translation>重打 (Enter)</translation>
    </message>
    <message>
        <source>Cancel print job</source>
        <translation>取消打印任务</translation>
    </message>
    <message>
        <source>“{title}” will not be printed. It stays in the list as cancelled.</source>
        <translation>“{title}”将不再打印，并以“已取消”保留在列表中。</translation>
    </message>
    <message>
        <source>Cancel job (Enter)</source>
        <translation>取消打印 (Enter)</translation>
    </message>
</context>
<context>
    <name>PrinterForm</name>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Network (TCP 9100)</source>
        <translation>网络（TCP 9100）</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>串口</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>System printer (CUPS / Windows)</source>
        <translation>系统打印机（CUPS / Windows）</translation>
    </message>
    <message>
        <source>File or device node</source>
        <translation>文件或设备节点</translation>
    </message>
    <message>
        <source>Same as the receipt printer</source>
        <translation>与小票打印机相同</translation>
    </message>
    <message>
        <source>80 mm (48 columns)</source>
        <translation>80 毫米（48 列）</translation>
    </message>
    <message>
        <source>58 mm (32 columns)</source>
        <translation>58 毫米（32 列）</translation>
    </message>
    <message>
        <source>The printer draws QR codes itself</source>
        <translation>打印机自行生成二维码</translation>
    </message>
    <message>
        <source>A cash drawer is connected to this printer</source>
        <translation>钱箱接在这台打印机上</translation>
    </message>
    <message>
        <source>Pin 2</source>
        <translation>2 号针脚</translation>
    </message>
    <message>
        <source>Pin 5</source>
        <translation>5 号针脚</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接方式</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>USB vendor:product</source>
        <translation>USB 厂商:产品 ID</translation>
    </message>
    <message>
        <source>System printer</source>
        <translation>系统打印机</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <source>Drawer pin</source>
        <translation>钱箱针脚</translation>
    </message>
    <message>
        <source>Drawer pulse</source>
        <translation>钱箱脉冲</translation>
    </message>
</context>
<context>
    <name>PrinterIndicator</name>
    <message>
        <source>Printer: not set up</source>
        <translation>打印机：未设置</translation>
    </message>
    <message>
        <source>Printer: starting…</source>
        <translation>打印机：正在启动…</translation>
    </message>
    <message>
        <source>Printer: {problem}</source>
        <translation>打印机：{problem}</translation>
    </message>
    <message>
        <source>Printer: paper low</source>
        <translation>打印机：纸将用完</translation>
    </message>
    <message>
        <source>Printer: ready</source>
        <translation>打印机：就绪</translation>
    </message>
    <message>
        <source> · {count} waiting to print</source>
        <translation> · {count} 张待打印</translation>
    </message>
    <message>
        <source>out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>cover open</source>
        <translation>上盖打开</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无响应</translation>
    </message>
    <message>
        <source>not set up</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>cannot print a document</source>
        <translation>有单据无法打印</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <source>New product</source>
        <translation>新建商品</translation>
    </message>
    <message>
        <source>Edit product</source>
        <translation>编辑商品</translation>
    </message>
    <message>
        <source>e.g. 可乐, 爆米花</source>
        <translation>例如：可乐、爆米花</translation>
    </message>
    <message>
        <source>(no category)</source>
        <translation>（无分类）</translation>
    </message>
    <message>
        <source>e.g. 瓶, 份, 个</source>
        <translation>例如：瓶、份、个</translation>
    </message>
    <message>
        <source>&amp;Favourite (on the till&apos;s quick grid)</source>
        <translation>常用商品(&amp;F)（显示在收银快捷栏）</translation>
    </message>
    <message>
        <source>&amp;On sale</source>
        <translation>在售(&amp;O)</translation>
    </message>
    <message>
        <source>Add SKU</source>
        <translation>添加规格</translation>
    </message>
    <message>
        <source>Remove SKU</source>
        <translation>删除规格</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>分类(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Unit</source>
        <translation>单位(&amp;U)</translation>
    </message>
    <message>
        <source>SKUs</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Each SKU has its own code (货号), price and barcodes. A SKU removed here is deleted, or kept disabled if it was sold or has stock records. In-store scale codes: register the first seven digits (e.g. 2012345).</source>
        <translation>每个规格有自己的货号、价格和条码。在此删除的规格会被删除；若已售出或有库存记录，则保留为停售。店内称重码：请登记前七位数字（例如 2012345）。</translation>
    </message>
    <message>
        <source>A product needs at least one SKU.</source>
        <translation>一个商品至少要有一个规格。</translation>
    </message>
    <message>
        <source>SKU {n}: {error}</source>
        <translation>规格 {n}：{error}</translation>
    </message>
    <message>
        <source>Enter a price.</source>
        <translation>请输入价格。</translation>
    </message>
</context>
<context>
    <name>ProductsPage</name>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Enter on a row edits it too.</source>
        <translation>在某行上按 Enter 也可编辑。</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停售</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Import Excel</source>
        <translation>导入 Excel</translation>
    </message>
    <message>
        <source>Export Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <source>Search name, code or barcode (Ctrl+F)</source>
        <translation>搜索名称、货号或条码 (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;Merchant</source>
        <translation>商户(&amp;M)</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>商品分类</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>新建分类</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete category</source>
        <translation>删除分类</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>SKUs</source>
        <translation>规格数</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>常用商品</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>停售</translation>
    </message>
    <message>
        <source>Stock below zero (sold more than was received) is shown in red: receive the delivery or count the shelf (Stock). A product that was sold is never deleted: disable it instead.</source>
        <translation>库存小于零（售出多于入库）时显示为红色：请办理入库或盘点货架（库存）。已售出过的商品不能删除，请改为停售。</translation>
    </message>
    <message>
        <source>{total} (below zero: {codes})</source>
        <translation>{total}（小于零：{codes}）</translation>
    </message>
    <message>
        <source>All categories ({n})</source>
        <translation>全部分类 ({n})</translation>
    </message>
    <message>
        <source>No category ({n})</source>
        <translation>无分类 ({n})</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>恢复在售</translation>
    </message>
    <message>
        <source>{name} (disabled)</source>
        <translation>{name}（已停用）</translation>
    </message>
    <message>
        <source>Add a merchant on the Merchants page first.</source>
        <translation>请先在商户页面添加商户。</translation>
    </message>
    <message>
        <source>Delete product</source>
        <translation>删除商品</translation>
    </message>
    <message>
        <source>Delete “{name}” and its {n} SKUs?</source>
        <translation>删除“{name}”及其 {n} 个规格？</translation>
    </message>
    <message>
        <source>No SKU of “{name}” keeps stock. Turn on Stock for a SKU (Edit).</source>
        <translation>“{name}”没有规格管理库存。请为规格开启库存（编辑）。</translation>
    </message>
    <message>
        <source>Delete the category “{name}”?</source>
        <translation>删除分类“{name}”？</translation>
    </message>
    <message>
        <source>Import products into “{name}”</source>
        <translation>导入商品到“{name}”</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Imported: {products} new products, {updated} changed; {skus} new SKUs, {skus_updated} changed, {unchanged} unchanged.</source>
        <translation>已导入：新增商品 {products} 个，修改 {updated} 个；新增规格 {skus} 个，修改 {skus_updated} 个，未变 {unchanged} 个。</translation>
    </message>
    <message>
        <source>{merchant}-products-{date}.xlsx</source>
        <translation>{merchant}-商品-{date}.xlsx</translation>
    </message>
    <message>
        <source>Export the products of “{name}”</source>
        <translation>导出“{name}”的商品</translation>
    </message>
    <message>
        <source>{n} SKUs exported to {path}.</source>
        <translation>已导出 {n} 个规格到 {path}。</translation>
    </message>
</context>
<context>
    <name>PurgeDialog</name>
    <message>
        <source>Delete old audit entries</source>
        <translation>删除旧操作日志</translation>
    </message>
    <message>
        <source>Entries from before the chosen day are deleted for good. Only entries older than {days} days can be deleted; the deletion itself is logged, and what remains still verifies.</source>
        <translation>所选日期之前的日志将被永久删除。只能删除 {days} 天以前的日志；删除操作本身会记入日志，剩余日志仍可校验。</translation>
    </message>
    <message>
        <source>Delete entries &amp;before</source>
        <translation>删除此日期之前(&amp;B)</translation>
    </message>
    <message>
        <source>Delete… (Enter)</source>
        <translation>删除… (Enter)</translation>
    </message>
</context>
<context>
    <name>QuantityDialog</name>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>确定 (Enter)</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>数量(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <source>Scan the receipt&apos;s code or type its number</source>
        <translation>扫描小票条码或输入小票号</translation>
    </message>
    <message>
        <source>&amp;Receipt</source>
        <translation>小票(&amp;R)</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Why the customer brings it back</source>
        <translation>顾客退货原因</translation>
    </message>
    <message>
        <source>Re&amp;ason</source>
        <translation>原因(&amp;A)</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>配送</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Each line gives back all that is left by default: change a quantity (Tab to it) to refund part. Enter in the reason refunds.</source>
        <translation>默认每行退回全部剩余数量；如只退部分，请修改数量（按 Tab 跳到数量）。在原因栏按 Enter 即退款。</translation>
    </message>
    <message>
        <source>Looking for the receipt…</source>
        <translation>正在查找小票…</translation>
    </message>
    <message>
        <source>Everything on this receipt was refunded already.</source>
        <translation>此小票的商品已全部退款。</translation>
    </message>
    <message>
        <source>Scan the receipt&apos;s code (the barcode under the total).</source>
        <translation>请扫描小票条码（合计下方的条码）。</translation>
    </message>
    <message>
        <source>Receipt {number} · {time} · {seller}</source>
        <translation>小票 {number} · {time} · {seller}</translation>
    </message>
    <message>
        <source>Total {total} ({methods}) · {status}</source>
        <translation>合计 {total}（{methods}）· {status}</translation>
    </message>
    <message>
        <source>Refunded so far: {amount}</source>
        <translation>已退款：{amount}</translation>
    </message>
    <message>
        <source>Delivery: {details}</source>
        <translation>配送：{details}</translation>
    </message>
    <message>
        <source>Choose at least one item to refund.</source>
        <translation>请至少选择一件要退款的商品。</translation>
    </message>
    <message>
        <source>Say why the goods come back.</source>
        <translation>请填写退货原因。</translation>
    </message>
    <message>
        <source>Open your shift first (F9 on the till): refunds come out of its drawer.</source>
        <translation>请先开班（收银页面按 F9）：退款从本班次的钱箱支出。</translation>
    </message>
    <message>
        <source>Refunding…</source>
        <translation>正在退款…</translation>
    </message>
    <message>
        <source>Delivery details saved.</source>
        <translation>配送信息已保存。</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Connect to a central store</source>
        <translation>连接中心服务器</translation>
    </message>
    <message>
        <source>Register (Enter)</source>
        <translation>注册 (Enter)</translation>
    </message>
    <message>
        <source>An administrator makes a one-time code for this terminal at the central store (boxoffice-central code NAME). After registering, staff log in with their central store accounts; this computer&apos;s own accounts are removed.</source>
        <translation>管理员在中心服务器上为本终端生成一次性注册码（boxoffice-central code 终端名）。注册后，工作人员使用中心服务器的账号登录；本机原有账号将被删除。</translation>
    </message>
    <message>
        <source>only if the venue uses its own CA: ca.pem</source>
        <translation>仅当场馆使用自建 CA 时填写：ca.pem</translation>
    </message>
    <message>
        <source>Allow plain &amp;HTTP on the venue&apos;s own network</source>
        <translation>允许在场馆内网使用明文 HTTP(&amp;H)</translation>
    </message>
    <message>
        <source>Central store &amp;address</source>
        <translation>中心服务器地址(&amp;A)</translation>
    </message>
    <message>
        <source>One-time &amp;code</source>
        <translation>一次性注册码(&amp;C)</translation>
    </message>
    <message>
        <source>CA c&amp;ertificate file</source>
        <translation>CA 证书文件(&amp;E)</translation>
    </message>
    <message>
        <source>Enter the central store&apos;s address and the code.</source>
        <translation>请输入中心服务器地址和注册码。</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Reset (Enter)</source>
        <translation>重置 (Enter)</translation>
    </message>
    <message>
        <source>A temporary password for {name} ({login}). They must choose their own at their next login; a lockout is lifted.</source>
        <translation>为{name}（{login}）设置临时密码。该用户下次登录时须改设自己的密码；如账号已锁定，将同时解锁。</translation>
    </message>
    <message>
        <source>&amp;Temporary password</source>
        <translation>临时密码(&amp;T)</translation>
    </message>
</context>
<context>
    <name>RolesPage</name>
    <message>
        <source>Roles and permissions</source>
        <translation>角色与权限</translation>
    </message>
    <message>
        <source>New role</source>
        <translation>新建角色</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>&amp;Roles</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>说明(&amp;D)</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>&amp;Permissions (Space ticks the highlighted one)</source>
        <translation>权限(&amp;P)（按空格键勾选当前项）</translation>
    </message>
    <message>
        <source>Unsaved changes — Ctrl+S saves them.</source>
        <translation>有未保存的修改，按 Ctrl+S 保存。</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Built-in role: it can be changed but not deleted.</source>
        <translation>内置角色：可以修改，不能删除。</translation>
    </message>
    <message numerus="yes">
        <source>Given to %n staff account(s).</source>
        <translation>
            <numerusform>已分配给 %n 个员工账号。</numerusform>
        </translation>
    </message>
    <message>
        <source>A new role. Name it, tick what it may do, then save.</source>
        <translation>新角色：输入名称，勾选权限，然后保存。</translation>
    </message>
    <message>
        <source>the new role</source>
        <translation>新角色</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>修改未保存</translation>
    </message>
    <message>
        <source>Discard your changes to “{name}”?</source>
        <translation>放弃对“{name}”的修改？</translation>
    </message>
    <message>
        <source>{name} (built-in)</source>
        <translation>{name}（内置）</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Delete role</source>
        <translation>删除角色</translation>
    </message>
    <message>
        <source>Delete the role “{name}”? This cannot be undone.</source>
        <translation>删除角色“{name}”？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>RowTable</name>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>查找 (Ctrl+F)</translation>
    </message>
</context>
<context>
    <name>SeatLegend</name>
    <message>
        <source>Zones</source>
        <translation>票区</translation>
    </message>
    <message>
        <source>no price</source>
        <translation>未定价</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>座位状态</translation>
    </message>
    <message>
        <source>Selected</source>
        <translation>已选</translation>
    </message>
</context>
<context>
    <name>SeatMap</name>
    <message>
        <source>Available</source>
        <translation>可售</translation>
    </message>
    <message>
        <source>Held by this window</source>
        <translation>本窗口锁座</translation>
    </message>
    <message>
        <source>Held by another window</source>
        <translation>其他窗口锁座</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>Leased to this window</source>
        <translation>预留给本窗口</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>封座</translation>
    </message>
    <message>
        <source>Not for sale</source>
        <translation>不售</translation>
    </message>
    <message>
        <source>Normal seat</source>
        <translation>普通座位</translation>
    </message>
    <message>
        <source>Wheelchair space</source>
        <translation>轮椅位</translation>
    </message>
    <message>
        <source>Companion seat</source>
        <translation>陪同座</translation>
    </message>
    <message>
        <source>Restricted view</source>
        <translation>视线受限</translation>
    </message>
</context>
<context>
    <name>SeatMapScene</name>
    <message>
        <source>Row {row}, seat {seat}</source>
        <translation>{row}排{seat}号</translation>
    </message>
    <message>
        <source>Zone: {zone}</source>
        <translation>票区：{zone}</translation>
    </message>
    <message>
        <source>Price: {price}</source>
        <translation>票价：{price}</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未定价</translation>
    </message>
</context>
<context>
    <name>SeatMapView</name>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit the hall</source>
        <translation>显示整个演出厅(&amp;F)</translation>
    </message>
</context>
<context>
    <name>SeatPicker</name>
    <message>
        <source>Adjacent seats</source>
        <translation>相邻座位</translation>
    </message>
    <message>
        <source>Adjacent seats, leaves a single seat</source>
        <translation>相邻座位，留下单个空座</translation>
    </message>
    <message>
        <source>Split across rows</source>
        <translation>分散在多排</translation>
    </message>
    <message>
        <source>e.g. 5排12号</source>
        <translation>例如 5排12号</translation>
    </message>
    <message>
        <source>&amp;Seat (Ctrl+G):</source>
        <translation>座位(&amp;S) (Ctrl+G)：</translation>
    </message>
    <message>
        <source>Any zone</source>
        <translation>任意票区</translation>
    </message>
    <message>
        <source>&amp;Best available (Ctrl+B)</source>
        <translation>最佳可选(&amp;B) (Ctrl+B)</translation>
    </message>
    <message>
        <source>Warning: this leaves {seat} as a single free seat. Keep the selection only if the customer insists.</source>
        <translation>注意：这样会让 {seat} 成为单个空座。仅在顾客坚持时保留此选择。</translation>
    </message>
    <message>
        <source>Selection cleared.</source>
        <translation>已清除所选座位。</translation>
    </message>
    <message>
        <source>Taken at another window meanwhile: {seats}.</source>
        <translation>其间已被其他窗口占用：{seats}。</translation>
    </message>
    <message>
        <source>{seat} cannot be chosen: {state}.</source>
        <translation>{seat} 不能选：{state}。</translation>
    </message>
    <message>
        <source>No seat is called “{label}”.</source>
        <translation>没有名为“{label}”的座位。</translation>
    </message>
    <message>
        <source>Several seats are called “{label}”; add the section, e.g. “{example}”.</source>
        <translation>有多个座位名为“{label}”，请加上区域，例如“{example}”。</translation>
    </message>
    <message>
        <source>Not enough free seats for {count}.</source>
        <translation>空座不足 {count} 个。</translation>
    </message>
</context>
<context>
    <name>SectionDialog</name>
    <message>
        <source>New section</source>
        <translation>新建分区</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Stalls</source>
        <translation>池座</translation>
    </message>
    <message>
        <source>as the hall, e.g. {row}排{seat}号</source>
        <translation>同演出厅，例如 {row}排{seat}号</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Columns:</source>
        <translation>列数(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Rows:</source>
        <translation>行数(&amp;R)：</translation>
    </message>
    <message>
        <source>Place in hall, &amp;x (cells):</source>
        <translation>在演出厅中的位置 x（格）(&amp;X)：</translation>
    </message>
    <message>
        <source>Place in hall, &amp;y (cells):</source>
        <translation>在演出厅中的位置 y（格）(&amp;Y)：</translation>
    </message>
    <message>
        <source>Seat &amp;label template:</source>
        <translation>座位名称格式(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>SessionChooserDialog</name>
    <message>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>Sales stopped</source>
        <translation>停售</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Choose a session</source>
        <translation>选择场次</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <source>Show, hall or time, e.g. 19:30</source>
        <translation>节目、演出厅或时间，例如 19:30</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>查找(&amp;S)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>节目</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>演出厅</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>票价</translation>
    </message>
    <message>
        <source>Choose (Enter)</source>
        <translation>选择 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Type to search · ↑↓ choose · Enter picks · PgUp/PgDn day before/after · Alt+Home today · Alt+D date</source>
        <translation>输入即查找 · ↑↓ 选择 · Enter 确定 · PgUp/PgDn 前一天/后一天 · Alt+Home 今天 · Alt+D 日期</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No sessions on this day. PgDn shows the next day.</source>
        <translation>这一天没有排场。按 PgDn 查看后一天。</translation>
    </message>
    <message>
        <source>No session matches “{text}”.</source>
        <translation>没有与“{text}”匹配的场次。</translation>
    </message>
    <message>
        <source>{shown} of {count} sessions</source>
        <translation>显示 {shown} 场，共 {count} 场</translation>
    </message>
    <message>
        <source>Choose a session from the list first.</source>
        <translation>请先从列表中选择场次。</translation>
    </message>
</context>
<context>
    <name>SessionDialog</name>
    <message>
        <source>New session</source>
        <translation>新建排场</translation>
    </message>
    <message>
        <source>Edit session</source>
        <translation>编辑排场</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>节目(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Hall</source>
        <translation>演出厅(&amp;H)</translation>
    </message>
    <message>
        <source>S&amp;tarts (venue time)</source>
        <translation>开演时间(&amp;T)（场馆时间）</translation>
    </message>
    <message>
        <source>St&amp;atus</source>
        <translation>状态(&amp;A)</translation>
    </message>
    <message>
        <source>Set the prices on the Prices page, then put the session on sale.</source>
        <translation>请先在“票价”页面设置票价，再开售本场。</translation>
    </message>
    <message>
        <source>Ends about {time} ({minutes} min)</source>
        <translation>约 {time} 散场（{minutes} 分钟）</translation>
    </message>
    <message>
        <source>There is no show to schedule. Add one on the Shows page.</source>
        <translation>没有可排场的节目。请先在“演出节目”页面添加。</translation>
    </message>
    <message>
        <source>There is no hall. Add one on the Shows page (Halls).</source>
        <translation>没有演出厅。请先在“演出节目”页面（场馆和演出厅）添加。</translation>
    </message>
</context>
<context>
    <name>SessionSeatMap</name>
    <message>
        <source>Seat map — {show}, {time}, {hall}</source>
        <translation>座位图 — {show}，{time}，{hall}</translation>
    </message>
    <message>
        <source>Loading the seats…</source>
        <translation>正在读取座位…</translation>
    </message>
    <message>
        <source>Hold seats (Ctrl+H)</source>
        <translation>锁定座位 (Ctrl+H)</translation>
    </message>
    <message>
        <source>Release my holds (Ctrl+R)</source>
        <translation>释放我锁定的座位 (Ctrl+R)</translation>
    </message>
    <message>
        <source>This session has no seats: it sells general admission or by quota.</source>
        <translation>该场次没有座位：不对号入座或按配额售票。</translation>
    </message>
    <message>
        <source>Click or drag to choose seats, Ctrl+G to type one, Ctrl+B for the best available. Seats taken at other windows show within a second.</source>
        <translation>单击或拖动选座，Ctrl+G 输入座位，Ctrl+B 选最佳座位。其他窗口售出或锁定的座位一秒内显示。</translation>
    </message>
    <message>
        <source>{count} seats held until {time}.</source>
        <translation>已锁定 {count} 个座位，保留到 {time}。</translation>
    </message>
    <message>
        <source>{count} seats released.</source>
        <translation>已释放 {count} 个座位。</translation>
    </message>
</context>
<context>
    <name>SessionsPage</name>
    <message>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停售</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>演出排场</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>演出时间</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>节目</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>演出厅</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>票价</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>从(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>到(&amp;T)</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Put on sale</source>
        <translation>开售</translation>
    </message>
    <message>
        <source>Stop sales</source>
        <translation>停售</translation>
    </message>
    <message>
        <source>{n} sessions, {on_sale} on sale</source>
        <translation>共 {n} 场，{on_sale} 场在售</translation>
    </message>
    <message>
        <source>View only: scheduling and selling need the permission “{permission}”.</source>
        <translation>仅可查看：排场和开售需要“{permission}”权限。</translation>
    </message>
</context>
<context>
    <name>SessionsTodayPage</name>
    <message>
        <source>Today&apos;s sessions</source>
        <translation>今日排场</translation>
    </message>
    <message>
        <source>Previous day</source>
        <translation>前一天</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Next day</source>
        <translation>后一天</translation>
    </message>
    <message>
        <source>Seat map</source>
        <translation>座位图</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>节目</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>演出厅</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>票价</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>Sales stopped</source>
        <translation>停售</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Today, {date}</source>
        <translation>今天，{date}</translation>
    </message>
    <message>
        <source>Tomorrow, {date}</source>
        <translation>明天，{date}</translation>
    </message>
    <message>
        <source>Yesterday, {date}</source>
        <translation>昨天，{date}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>{count} sessions</source>
        <translation>共 {count} 场</translation>
    </message>
    <message>
        <source>No sessions on this day.</source>
        <translation>这一天没有排场。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>You and this screen</source>
        <translation>个人与界面</translation>
    </message>
    <message>
        <source>S&amp;witch language</source>
        <translation>切换语言(&amp;W)</translation>
    </message>
    <message>
        <source>Change my &amp;password…</source>
        <translation>修改我的密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>The language applies to this terminal; the window reopens in it.</source>
        <translation>语言设置作用于本终端；窗口会以新语言重新打开。</translation>
    </message>
    <message>
        <source>Venue and terminal (administrators)</source>
        <translation>场馆与终端（系统管理员）</translation>
    </message>
    <message>
        <source> failed logins</source>
        <translation> 次失败登录</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>A&amp;dd terminal…</source>
        <translation>添加终端(&amp;D)…</translation>
    </message>
    <message>
        <source>Venue &amp;timezone</source>
        <translation>场馆时区(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Failed logins before lockout</source>
        <translation>锁定前允许失败次数(&amp;F)</translation>
    </message>
    <message>
        <source>Lockout la&amp;sts</source>
        <translation>锁定时长(&amp;S)</translation>
    </message>
    <message>
        <source>Cash &amp;difference a supervisor approves above</source>
        <translation>现金差额超过此数须主管审批(&amp;D)</translation>
    </message>
    <message>
        <source>Cashiers may &amp;void their last sale for</source>
        <translation>售票员可作废最近一笔销售的时限(&amp;V)</translation>
    </message>
    <message>
        <source>This device is te&amp;rminal</source>
        <translation>本机对应终端(&amp;R)</translation>
    </message>
    <message>
        <source>Times everywhere are shown in the venue&apos;s timezone. A new terminal applies from the next login on this device.</source>
        <translation>所有时间均按场馆时区显示。更换终端后，从本机下次登录起生效。</translation>
    </message>
    <message>
        <source>Central store (administrators)</source>
        <translation>中心服务器（系统管理员）</translation>
    </message>
    <message>
        <source>This computer is the store of record (standalone): its own staff, shows and sales. To make it one of several windows working against a central store, connect it with a one-time code.</source>
        <translation>本机为单机模式，自行保存人员、节目和销售数据。如需作为多个窗口之一连接中心服务器，请使用一次性注册码连接。</translation>
    </message>
    <message>
        <source>Connect to a central store…</source>
        <translation>连接中心服务器…</translation>
    </message>
    <message>
        <source>This computer is terminal “{name}” of the central store at {url}. Staff, shows and prices are managed there; sales made here are sent there.</source>
        <translation>本机是中心服务器 {url} 的终端“{name}”。人员、节目和票价在中心服务器管理；本机的销售会上传到中心服务器。</translation>
    </message>
    <message>
        <source>Disconnect from the central store…</source>
        <translation>断开中心服务器…</translation>
    </message>
    <message>
        <source>This computer is now terminal “{name}” of {url}. Log in with your central store account.</source>
        <translation>本机现已成为 {url} 的终端“{name}”。请使用中心服务器账号登录。</translation>
    </message>
    <message>
        <source>disconnecting</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Disconnect this computer from the central store? It becomes standalone with a fresh administrator account (admin / boxoffice); to use it as a terminal again, register it with a new code.</source>
        <translation>确定要断开本机与中心服务器的连接吗？本机将恢复为单机模式，并生成新的管理员账号（admin / boxoffice）；如需再次作为终端使用，请用新的注册码重新注册。</translation>
    </message>
    <message>
        <source>ticket window</source>
        <translation>售票窗口</translation>
    </message>
    <message>
        <source>till</source>
        <translation>收银台</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>(disabled)</source>
        <translation>（已禁用）</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>Terminal added. Choose it and save to make this device that terminal.</source>
        <translation>终端已添加。选择它并保存，本机即成为该终端。</translation>
    </message>
    <message>
        <source>Nothing to save: no setting was changed.</source>
        <translation>没有需要保存的更改。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>This device is a different terminal from the next login.</source>
        <translation>本机将从下次登录起作为新的终端。</translation>
    </message>
</context>
<context>
    <name>ShiftsPage</name>
    <message>
        <source>Shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>追加备用金</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>取款</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>X报表</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Past shifts</source>
        <translation>历史班次</translation>
    </message>
    <message>
        <source>Preview slip</source>
        <translation>预览交班单</translation>
    </message>
    <message>
        <source>Reprint slip</source>
        <translation>重打交班单</translation>
    </message>
    <message>
        <source>Save PDF as…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开班时间</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>交班时间</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未交班</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>售票员</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>{count} sales ({amount}) have not reached the central store yet.</source>
        <translation>有 {count} 笔销售（{amount}）尚未上传到中心服务器。</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>未开班</translation>
    </message>
    <message>
        <source>Press F9 to count the opening float and open a shift. Tickets are sold only in an open shift.</source>
        <translation>按 F9 清点备用金并开班。只有开班后才能售票。</translation>
    </message>
    <message>
        <source>Shift open</source>
        <translation>已开班</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <source>Blind close: the drawer is counted before the expected cash is shown.</source>
        <translation>盲交：先清点钱箱，再显示应有现金。</translation>
    </message>
    <message>
        <source>At the end of the shift, F10 counts the drawer and closes it.</source>
        <translation>班次结束时，按 F10 清点钱箱并交班。</translation>
    </message>
    <message>
        <source>No shift is open at this window. To see a past shift&apos;s handover slip, select it in the list below and press Enter.</source>
        <translation>本窗口没有开班。要查看历史班次的交班单，请在下方列表中选中后按 Enter。</translation>
    </message>
    <message>
        <source>Your role does not see shift reports.</source>
        <translation>您的角色不能查看班次报表。</translation>
    </message>
    <message>
        <source>Z report: shift closed {time}</source>
        <translation>Z报表：已于 {time} 交班</translation>
    </message>
    <message>
        <source>X report: shift open, nothing is closed</source>
        <translation>X报表：班次进行中，尚未交班</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Mobile pay</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <source>Member balance</source>
        <translation>会员余额</translation>
    </message>
    <message>
        <source>Exchange credit</source>
        <translation>改签抵扣</translation>
    </message>
    <message>
        <source>Refunds (tickets)</source>
        <translation>退票（张）</translation>
    </message>
    <message>
        <source>of which forced</source>
        <translation>其中强制退票</translation>
    </message>
    <message>
        <source>Voided orders (tickets)</source>
        <translation>作废订单（张）</translation>
    </message>
    <message>
        <source>Exchanges (tickets)</source>
        <translation>改签（张）</translation>
    </message>
    <message>
        <source>Reprints</source>
        <translation>重打</translation>
    </message>
    <message>
        <source>Complimentary tickets</source>
        <translation>赠票</translation>
    </message>
    <message>
        <source>Discounted orders</source>
        <translation>优惠订单</translation>
    </message>
    <message>
        <source>still open</source>
        <translation>尚未交班</translation>
    </message>
    <message>
        <source>{count} orders</source>
        <translation>{count} 笔订单</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>No payments yet.</source>
        <translation>还没有收款。</translation>
    </message>
    <message>
        <source>Refunds, voids, reprints, comps, discounts</source>
        <translation>退票、作废、重打、赠票、优惠</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>钱箱</translation>
    </message>
    <message>
        <source>Cash figures are hidden until you count the drawer (blind close).</source>
        <translation>清点钱箱前不显示现金金额（盲交）。</translation>
    </message>
    <message>
        <source>Expected in the drawer</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>Cash in and out</source>
        <translation>追加备用金与取款</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Goods sold</source>
        <translation>商品销售</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Tickets sold</source>
        <translation>售出门票</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>节目</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>场次</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>票种</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>张数</translation>
    </message>
    <message>
        <source>No tickets sold yet.</source>
        <translation>还没有售出门票。</translation>
    </message>
    <message>
        <source>{count} sales ({amount}) had not reached the central store yet.</source>
        <translation>当时有 {count} 笔销售（{amount}）尚未上传到中心服务器。</translation>
    </message>
    <message>
        <source>A shift is already open at this window ({cashier}, since {time}). Close it (F10) before opening another.</source>
        <translation>本窗口已有班次（{cashier}，{time} 开班）。请先交班（F10）再开新班。</translation>
    </message>
    <message>
        <source>Count the opening float (备用金) in the drawer by notes and coins. The shift opens with this amount.</source>
        <translation>请按面额清点钱箱中的备用金。班次以此金额开班。</translation>
    </message>
    <message>
        <source>Open shift (Ctrl+Enter)</source>
        <translation>开班 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>No shift is open at this window. Press F9 to count the float and open one.</source>
        <translation>本窗口没有开班。按 F9 清点备用金并开班。</translation>
    </message>
    <message>
        <source>There is no report to print. Select a shift below and press Ctrl+R.</source>
        <translation>没有可打印的报表。请在下方选择班次并按 Ctrl+R。</translation>
    </message>
    <message>
        <source>Printing: {title}</source>
        <translation>正在打印：{title}</translation>
    </message>
    <message>
        <source>closing the shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>This shift is already closed.</source>
        <translation>此班次已交班。</translation>
    </message>
    <message>
        <source>Close shift: count the drawer</source>
        <translation>交班：清点钱箱</translation>
    </message>
    <message>
        <source>Count all the cash in the drawer by notes and coins. After the count you see what the drawer should hold.</source>
        <translation>请按面额清点钱箱中的全部现金。清点后才显示应有现金。</translation>
    </message>
    <message>
        <source>Count all the cash in the drawer by notes and coins.</source>
        <translation>请按面额清点钱箱中的全部现金。</translation>
    </message>
    <message>
        <source>Count done (Ctrl+Enter)</source>
        <translation>清点完成 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>Approve and close (Enter)</source>
        <translation>审批并交班 (Enter)</translation>
    </message>
    <message>
        <source>The shift is closed. The handover slip is printing on the receipt printer, and a PDF copy is saved as {path}</source>
        <translation>已交班。交班单正在小票打印机上打印，PDF 副本已保存为 {path}</translation>
    </message>
    <message>
        <source>Select a shift in the list first.</source>
        <translation>请先在列表中选择班次。</translation>
    </message>
    <message>
        <source>The handover slip of {cashier}&apos;s shift ({time}) is printing.</source>
        <translation>正在打印 {cashier} 班次（{time}）的交班单。</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved as {path}</source>
        <translation>已保存为 {path}</translation>
    </message>
</context>
<context>
    <name>ShowDialog</name>
    <message>
        <source>New show</source>
        <translation>新建节目</translation>
    </message>
    <message>
        <source>Edit show</source>
        <translation>编辑节目</translation>
    </message>
    <message>
        <source>e.g. 话剧《茶馆》</source>
        <translation>例如：话剧《茶馆》</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>On the &amp;programme (can be scheduled and sold)</source>
        <translation>上架(&amp;P)（可排场、可售票）</translation>
    </message>
    <message>
        <source>What the show is about, for tickets and screens</source>
        <translation>节目简介，用于门票和显示屏</translation>
    </message>
    <message>
        <source>Late entry, age limits, photography…</source>
        <translation>迟到入场、年龄限制、拍照摄像…</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>分类(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Duration</source>
        <translation>时长(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Introduction</source>
        <translation>介绍(&amp;I)</translation>
    </message>
    <message>
        <source>N&amp;otices</source>
        <translation>须知(&amp;O)</translation>
    </message>
    <message>
        <source>Choose a category.</source>
        <translation>请选择分类。</translation>
    </message>
</context>
<context>
    <name>SkuEditor</name>
    <message>
        <source>Code</source>
        <translation>货号</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>规格属性</translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation>价格（元）</translation>
    </message>
    <message>
        <source>Barcodes</source>
        <translation>条码</translation>
    </message>
</context>
<context>
    <name>SkuLine</name>
    <message>
        <source>e.g. 10201</source>
        <translation>例如：10201</translation>
    </message>
    <message>
        <source>e.g. 大杯 / 冰</source>
        <translation>例如：大杯 / 冰</translation>
    </message>
    <message>
        <source>scan or type; several: a/b</source>
        <translation>扫码或输入；多个用 a/b 分隔</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
</context>
<context>
    <name>StockDialog</name>
    <message>
        <source>Stock of “{name}”</source>
        <translation>“{name}”的库存</translation>
    </message>
    <message>
        <source>{code} {name} — in stock: {stock}</source>
        <translation>{code} {name} — 库存：{stock}</translation>
    </message>
    <message>
        <source>Receive (goods delivered)</source>
        <translation>入库（到货）</translation>
    </message>
    <message>
        <source>Adjust (after a count, damage, loss)</source>
        <translation>盘点调整（盘点、损坏、丢失后）</translation>
    </message>
    <message>
        <source>Pieces in; a negative number takes stock off.</source>
        <translation>入库件数；负数表示减少库存。</translation>
    </message>
    <message>
        <source>Delivery note, or why the stock is adjusted</source>
        <translation>送货单号，或库存调整原因</translation>
    </message>
    <message>
        <source>S&amp;KU</source>
        <translation>规格(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>数量(&amp;Q)</translation>
    </message>
    <message>
        <source>N&amp;ote</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <source>Enter how many pieces.</source>
        <translation>请输入件数。</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <source>Supervisor confirmation</source>
        <translation>主管确认</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>确认 (Enter)</translation>
    </message>
    <message>
        <source>Supervisor &amp;login</source>
        <translation>主管登录名(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>The supervisor types their own login name and password.</source>
        <translation>请主管输入自己的登录名和密码。</translation>
    </message>
    <message>
        <source>Enter the supervisor&apos;s login name and password.</source>
        <translation>请输入主管的登录名和密码。</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>OK (Enter)</source>
        <translation>确定 (Enter)</translation>
    </message>
</context>
<context>
    <name>TicketTypeDialog</name>
    <message>
        <source>New ticket type</source>
        <translation>新建票种</translation>
    </message>
    <message>
        <source>Edit ticket type</source>
        <translation>编辑票种</translation>
    </message>
    <message>
        <source>e.g. 学生票</source>
        <translation>例如：学生票</translation>
    </message>
    <message>
        <source>The share of the zone price this ticket costs.</source>
        <translation>本票种票价占票区票价的比例。</translation>
    </message>
    <message>
        <source>&amp;Complimentary ticket (free of charge)</source>
        <translation>赠票(&amp;C)（免费）</translation>
    </message>
    <message>
        <source>Only staff allowed to issue complimentary tickets can sell it.</source>
        <translation>只有拥有“出赠票”权限的员工才能售出此票种。</translation>
    </message>
    <message>
        <source>&amp;Enabled (offered at the ticket window)</source>
        <translation>启用(&amp;E)（在售票窗口出售）</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Share of full price</source>
        <translation>占全价比例(&amp;S)</translation>
    </message>
    <message>
        <source>Sold by &amp;roles</source>
        <translation>可售角色(&amp;R)</translation>
    </message>
    <message>
        <source>At &amp;terminals</source>
        <translation>可售终端(&amp;T)</translation>
    </message>
    <message>
        <source>Tick none to let every role, or every terminal, sell it.</source>
        <translation>都不勾选表示所有角色、所有终端均可出售（售票设置）。</translation>
    </message>
    <message>
        <source>A ¥480 seat costs {price} with this ticket.</source>
        <translation>¥480 的座位按此票种售 {price}。</translation>
    </message>
    <message>
        <source>Ticket type</source>
        <translation>票种</translation>
    </message>
    <message>
        <source>Ticket type for 1 ticket:</source>
        <translation>1 张票的票种：</translation>
    </message>
    <message>
        <source>Ticket type for {count} tickets:</source>
        <translation>{count} 张票的票种：</translation>
    </message>
    <message>
        <source>free · needs a reason</source>
        <translation>免费 · 须填写原因</translation>
    </message>
    <message>
        <source>↑↓ and Enter, or the type&apos;s number · Esc cancels</source>
        <translation>↑↓ 和 Enter，或按票种序号 · Esc 取消</translation>
    </message>
</context>
<context>
    <name>TillPage</name>
    <message>
        <source>“{phone}” is not a phone number.</source>
        <translation>“{phone}”不是有效的电话号码。</translation>
    </message>
    <message>
        <source>Give the delivery address.</source>
        <translation>请填写收货地址。</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <source>partly refunded</source>
        <translation>部分退款</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Merchant till</source>
        <translation>收银</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商户</translation>
    </message>
    <message>
        <source>Receipt / refund</source>
        <translation>小票 / 退款</translation>
    </message>
    <message>
        <source>Payment collection</source>
        <translation>商家收款</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>挂单</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>取单</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>No open shift — F9 Open shift</source>
        <translation>未开班 — F9 开班</translation>
    </message>
    <message>
        <source>Scan, or type quantity*code, a code or a name — Enter</source>
        <translation>扫码，或输入 数量*货号、货号或名称 — Enter</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>货号(&amp;C)</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>单品优惠</translation>
    </message>
    <message>
        <source>Order discount</source>
        <translation>整单优惠</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>配送</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation>常用商品</translation>
    </message>
    <message>
        <source>Alt+number, or /number Enter in the code line.</source>
        <translation>Alt+number（数字键），或在货号栏输入 /数字 后按 Enter。</translation>
    </message>
    <message>
        <source>Last receipt</source>
        <translation>上一张小票</translation>
    </message>
    <message>
        <source>No sale yet.</source>
        <translation>尚无销售。</translation>
    </message>
    <message>
        <source>The products cannot be loaded: the central store can&apos;t be reached and this till has not loaded them before.</source>
        <translation>无法加载商品：无法连接中心服务器，且本收银台之前从未加载过商品。</translation>
    </message>
    <message>
        <source>Offline: selling from the product list loaded at {time}.</source>
        <translation>离线：按 {time} 加载的商品清单销售。</translation>
    </message>
    <message>
        <source>No merchant is enabled: nothing can be sold here.</source>
        <translation>没有在用的商户：此处无法销售。</translation>
    </message>
    <message>
        <source>Choose the merchant this till sells for: F2.</source>
        <translation>请选择本收银台所属商户：F2。</translation>
    </message>
    <message>
        <source>Finish or clear the cart first.</source>
        <translation>请先完成收款或清空购物车。</translation>
    </message>
    <message>
        <source>Which merchant does this till sell for?</source>
        <translation>本收银台为哪个商户收银？</translation>
    </message>
    <message>
        <source>{merchant} (F2)</source>
        <translation>{merchant} (F2)</translation>
    </message>
    <message>
        <source>{cashier}&apos;s shift is open at this till: they close it on Shift before you can sell here.</source>
        <translation>本收银台当前是 {cashier} 的班次：须由其在“交班”页面交班后，您才能在此销售。</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>未开班</translation>
    </message>
    <message>
        <source>Shift: {cashier} · since {time}</source>
        <translation>班次：{cashier} · 开班于 {time}</translation>
    </message>
    <message>
        <source>Offline — sales are kept and sent later</source>
        <translation>离线 — 销售已保存，稍后上传</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>scan or code Enter: add</source>
        <translation>扫码或货号 Enter：添加</translation>
    </message>
    <message>
        <source>3*code: three</source>
        <translation>3*货号：三件</translation>
    </message>
    <message>
        <source>Alt+1…9 or /n: favourite</source>
        <translation>Alt+1…9 或 /n：常用商品</translation>
    </message>
    <message>
        <source>↑↓ line</source>
        <translation>↑↓ 选行</translation>
    </message>
    <message>
        <source>F6 or * quantity</source>
        <translation>F6 或 * 数量</translation>
    </message>
    <message>
        <source>Del remove</source>
        <translation>Del 删除</translation>
    </message>
    <message>
        <source>F7 line discount</source>
        <translation>F7 单品优惠</translation>
    </message>
    <message>
        <source>F8 order discount</source>
        <translation>F8 整单优惠</translation>
    </message>
    <message>
        <source>F10 delivery</source>
        <translation>F10 配送</translation>
    </message>
    <message>
        <source>F4 search</source>
        <translation>F4 搜索</translation>
    </message>
    <message>
        <source>F12 pay</source>
        <translation>F12 收款</translation>
    </message>
    <message>
        <source>Ctrl+M collection</source>
        <translation>Ctrl+M 商家收款</translation>
    </message>
    <message>
        <source>Ctrl+H hold</source>
        <translation>Ctrl+H 挂单</translation>
    </message>
    <message>
        <source>Ctrl+R recall</source>
        <translation>Ctrl+R 取单</translation>
    </message>
    <message>
        <source>Esc clear</source>
        <translation>Esc 清空</translation>
    </message>
    <message>
        <source>F11 receipt / refund</source>
        <translation>F11 小票 / 退款</translation>
    </message>
    <message>
        <source>F9 open shift</source>
        <translation>F9 开班</translation>
    </message>
    <message>
        <source>F2 merchant</source>
        <translation>F2 商户</translation>
    </message>
    <message>
        <source>The sale is being saved…</source>
        <translation>正在保存销售…</translation>
    </message>
    <message>
        <source>Checking this till&apos;s shift…</source>
        <translation>正在查询本收银台的班次…</translation>
    </message>
    <message>
        <source>No open shift — press F9 to open one before selling.</source>
        <translation>未开班 — 请先按 F9 开班再销售。</translation>
    </message>
    <message>
        <source>The products are still loading…</source>
        <translation>商品仍在加载中…</translation>
    </message>
    <message>
        <source>A shift is already open: {cashier}, since {time}.</source>
        <translation>已有班次：{cashier}，{time} 开班。</translation>
    </message>
    <message>
        <source>Count the opening float (备用金) in the drawer, note by note and coin by coin. The shift opens with this amount.</source>
        <translation>请按面额逐一清点钱箱中的备用金。班次以此金额开班。</translation>
    </message>
    <message>
        <source>Open shift (Ctrl+Enter)</source>
        <translation>开班 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Shift opened with a float of {amount}. Ready to sell.</source>
        <translation>已开班，备用金 {amount}。可以销售了。</translation>
    </message>
    <message>
        <source>Unknown code {code}: nothing was added.</source>
        <translation>未知货号 {code}：未添加任何商品。</translation>
    </message>
    <message>
        <source>At most {n} of one product on a line.</source>
        <translation>同一商品每行最多 {n} 件。</translation>
    </message>
    <message>
        <source>{name} × {qty} — {amount}</source>
        <translation>{name} × {qty} — {amount}</translation>
    </message>
    <message>
        <source>(stock shows {n})</source>
        <translation>（库存显示 {n}）</translation>
    </message>
    <message>
        <source>There is no favourite {n}.</source>
        <translation>没有常用商品 {n}。</translation>
    </message>
    <message>
        <source>No product matches “{word}”: nothing was added.</source>
        <translation>没有与“{word}”匹配的商品：未添加任何商品。</translation>
    </message>
    <message>
        <source>stock {n}</source>
        <translation>库存 {n}</translation>
    </message>
    <message>
        <source>Search products</source>
        <translation>搜索商品</translation>
    </message>
    <message>
        <source>Add one of:</source>
        <translation>添加一件：</translation>
    </message>
    <message>
        <source>Add {qty} of:</source>
        <translation>添加 {qty} 件：</translation>
    </message>
    <message>
        <source>The cart is empty.</source>
        <translation>购物车是空的。</translation>
    </message>
    <message>
        <source>{name} at {price}</source>
        <translation>{name}，单价 {price}</translation>
    </message>
    <message>
        <source>The line&apos;s discount was more than the line and was removed.</source>
        <translation>该行优惠超过该行金额，已取消。</translation>
    </message>
    <message>
        <source>{name} × {qty} removed.</source>
        <translation>已删除 {name} × {qty}。</translation>
    </message>
    <message>
        <source>You may not give discounts: ask the merchant&apos;s manager.</source>
        <translation>您无权给予优惠：请联系商户管理员。</translation>
    </message>
    <message>
        <source>A discount off {name} × {qty} ({amount}). Say why: it is logged with the sale. 0 removes it.</source>
        <translation>{name} × {qty}（{amount}）的优惠。请填写原因：将随销售记录。填 0 即取消优惠。</translation>
    </message>
    <message>
        <source>A discount off the order&apos;s {total}. Say why: it is logged with the sale. 0 removes it.</source>
        <translation>订单合计 {total} 的整单优惠。请填写原因：将随销售记录。填 0 即取消优惠。</translation>
    </message>
    <message>
        <source>Clear the cart</source>
        <translation>清空购物车</translation>
    </message>
    <message>
        <source>Remove everything from the cart ({total})?</source>
        <translation>清空购物车中的全部商品（{total}）？</translation>
    </message>
    <message>
        <source>The till&apos;s cart holds {count} items ({total}); logging out clears it.</source>
        <translation>购物车中还有 {count} 件商品（{total}），退出登录将清空购物车。</translation>
    </message>
    <message>
        <source>Cart cleared.</source>
        <translation>购物车已清空。</translation>
    </message>
    <message>
        <source>The cart is empty: nothing to put aside.</source>
        <translation>购物车是空的：无需挂单。</translation>
    </message>
    <message>
        <source>Put the cart aside</source>
        <translation>挂单</translation>
    </message>
    <message>
        <source>The cart waits on this till until Ctrl+R brings it back. A word to know it by (optional): “red coat”, “table 5”.</source>
        <translation>挂起的购物车保留在本收银台，按 Ctrl+R 取回。可填写备注以便辨认（可选）：如“红外套”、“5 号桌”。</translation>
    </message>
    <message>
        <source>&amp;Label</source>
        <translation>备注(&amp;L)</translation>
    </message>
    <message>
        <source>Cart put aside ({label}); Ctrl+R brings it back.</source>
        <translation>已挂单（{label}）；按 Ctrl+R 取单。</translation>
    </message>
    <message>
        <source>Finish this cart first, or put it aside too (Ctrl+H).</source>
        <translation>请先完成当前购物车的收款，或将其也挂单（Ctrl+H）。</translation>
    </message>
    <message>
        <source>No cart is put aside.</source>
        <translation>没有挂单。</translation>
    </message>
    <message>
        <source>Recall a cart</source>
        <translation>取单</translation>
    </message>
    <message>
        <source>Carts put aside at this till:</source>
        <translation>本收银台的挂单：</translation>
    </message>
    <message>
        <source>That cart was put aside for another merchant (F2).</source>
        <translation>该挂单属于其他商户（F2）。</translation>
    </message>
    <message>
        <source>Cart recalled ({label}).</source>
        <translation>已取单（{label}）。</translation>
    </message>
    <message>
        <source>Prices changed meanwhile: the cart has today&apos;s.</source>
        <translation>期间价格有变：购物车已按当前价格计算。</translation>
    </message>
    <message>
        <source>The order discount was more than the cart and was removed.</source>
        <translation>整单优惠超过购物车金额，已取消。</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 件</translation>
    </message>
    <message>
        <source>{count} items</source>
        <translation>{count} 件</translation>
    </message>
    <message>
        <source>Order discount −{amount}</source>
        <translation>整单优惠 −{amount}</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>Delivery: {details}</source>
        <translation>配送：{details}</translation>
    </message>
    <message>
        <source>The cart is empty: scan the goods first.</source>
        <translation>购物车是空的：请先扫描商品。</translation>
    </message>
    <message>
        <source>The order is too large for one sale.</source>
        <translation>订单金额过大，无法一次销售。</translation>
    </message>
    <message>
        <source>Take a payment for {merchant} without goods (a deposit, a booking). Say what it is for: it is printed on the receipt.</source>
        <translation>为 {merchant} 收取不含商品的款项（定金、预订等）。请填写款项用途：将打印在小票上。</translation>
    </message>
    <message>
        <source>&amp;What for</source>
        <translation>用途(&amp;W)</translation>
    </message>
    <message>
        <source>Taking payment of {total}…</source>
        <translation>正在收款 {total}…</translation>
    </message>
    <message>
        <source>Payment cancelled; the cart is kept.</source>
        <translation>已取消收款，购物车保留。</translation>
    </message>
    <message>
        <source>Payment cancelled.</source>
        <translation>已取消收款。</translation>
    </message>
    <message>
        <source>Saving the sale…</source>
        <translation>正在保存销售…</translation>
    </message>
    <message>
        <source>Receipt {number} ({total}) saved; the central store can&apos;t be reached, so it will be sent when it is back. The receipt is printing.</source>
        <translation>小票 {number}（{total}）已保存；无法连接中心服务器，恢复连接后自动上传。正在打印小票。</translation>
    </message>
    <message>
        <source>Receipt {number} sold ({total}) — printing.</source>
        <translation>小票 {number} 已售出（{total}）— 正在打印。</translation>
    </message>
    <message>
        <source>Receipt {number} sold, but its paper could not be queued: {error}</source>
        <translation>小票 {number} 已售出，但未能加入打印队列：{error}</translation>
    </message>
    <message>
        <source>Stock below zero: {names}.</source>
        <translation>库存低于零：{names}。</translation>
    </message>
    <message>
        <source>Change {amount}</source>
        <translation>找零 {amount}</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>合计 {total}</translation>
    </message>
    <message>
        <source>Waiting to be sent to the central store</source>
        <translation>待上传到中心服务器</translation>
    </message>
    <message>
        <source>The sale was refused: {error} The cart is kept.</source>
        <translation>销售被拒绝：{error} 购物车保留。</translation>
    </message>
    <message>
        <source>The payment collection was refused: {error}</source>
        <translation>商家收款被拒绝：{error}</translation>
    </message>
    <message>
        <source>Receipt {number}: {amount} refunded ({methods}).</source>
        <translation>小票 {number}：已退款 {amount}（{methods}）。</translation>
    </message>
    <message>
        <source>The refund slip could not be queued: {error}</source>
        <translation>退款单未能加入打印队列：{error}</translation>
    </message>
    <message>
        <source>The refund slip is printing.</source>
        <translation>正在打印退款单。</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>New staff account</source>
        <translation>新建员工账号</translation>
    </message>
    <message>
        <source>Edit staff account</source>
        <translation>编辑员工账号</translation>
    </message>
    <message>
        <source>None — venue staff</source>
        <translation>无 — 场馆员工</translation>
    </message>
    <message>
        <source>&amp;Login name</source>
        <translation>登录名(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Display name</source>
        <translation>姓名(&amp;D)</translation>
    </message>
    <message>
        <source>Initial &amp;password</source>
        <translation>初始密码(&amp;P)</translation>
    </message>
    <message>
        <source>They must choose their own password at first login.</source>
        <translation>该用户首次登录时须设置自己的密码。</translation>
    </message>
    <message>
        <source>&amp;Roles (Space ticks)</source>
        <translation>角色(&amp;R)（空格键勾选）</translation>
    </message>
    <message>
        <source>&amp;Merchant</source>
        <translation>商户(&amp;M)</translation>
    </message>
    <message>
        <source>A merchant&apos;s operators and managers see and sell for it only.</source>
        <translation>商户的操作员和管理员只能查看本商户并为其销售。</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Staff accounts</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Enter on a row edits it too.</source>
        <translation>在某一行上按 Enter 也可编辑。</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>禁用</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商户</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号状态</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已禁用</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Must change password</source>
        <translation>须改密码</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>最近登录</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation>禁用账号</translation>
    </message>
    <message>
        <source>Disable the account of {name} ({login})? They cannot log in until it is enabled again.</source>
        <translation>禁用{name}（{login}）的账号？重新启用前，该用户无法登录。</translation>
    </message>
    <message>
        <source>Delete account</source>
        <translation>删除账号</translation>
    </message>
    <message>
        <source>Delete the account of {name} ({login})? This cannot be undone.</source>
        <translation>删除{name}（{login}）的账号？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>WindowPage</name>
    <message>
        <source>Ticket window</source>
        <translation>售票</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>场次</translation>
    </message>
    <message>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>No open shift — F9 Open shift</source>
        <translation>未开班 — F9 开班</translation>
    </message>
    <message>
        <source>No session chosen — F2 Session</source>
        <translation>未选场次 — F2 场次</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>数量(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Zone</source>
        <translation>票区(&amp;Z)</translation>
    </message>
    <message>
        <source>Add chosen</source>
        <translation>加入所选</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>购物车</translation>
    </message>
    <message>
        <source>Seat</source>
        <translation>座位</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>票区</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>票种</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>票价</translation>
    </message>
    <message>
        <source>Ticket type</source>
        <translation>票种</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Checking this window&apos;s shift…</source>
        <translation>正在查询本窗口的班次…</translation>
    </message>
    <message>
        <source>No open shift — press F9 to open one before selling.</source>
        <translation>未开班 — 请先按 F9 开班再售票。</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>未开班</translation>
    </message>
    <message>
        <source>Shift: {cashier} · since {time}</source>
        <translation>班次：{cashier} · {time} 开班</translation>
    </message>
    <message>
        <source>A shift is already open: {cashier}, since {time}.</source>
        <translation>已有班次：{cashier}，{time} 开班。</translation>
    </message>
    <message>
        <source>Count the opening float (备用金) in the drawer, note by note and coin by coin. The shift opens with this amount.</source>
        <translation>请按面额逐一清点钱箱中的备用金。班次以此金额开班。</translation>
    </message>
    <message>
        <source>Open shift (Ctrl+Enter)</source>
        <translation>开班 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Shift opened with a float of {amount}. Ready to sell.</source>
        <translation>已开班，备用金 {amount}。可以售票了。</translation>
    </message>
    <message>
        <source>Choose another session</source>
        <translation>更换场次</translation>
    </message>
    <message>
        <source>The cart will be emptied and its seats released. Go on?</source>
        <translation>购物车将被清空，其中的座位将被释放。继续吗？</translation>
    </message>
    <message>
        <source>Loading the seats…</source>
        <translation>正在读取座位…</translation>
    </message>
    <message>
        <source>General admission: no seat numbers.

Type the number of places and press Enter to add them to the cart.</source>
        <translation>自由入座：不设座号。

输入张数并按 Enter 加入购物车。</translation>
    </message>
    <message>
        <source>Press F2 to choose the session to sell.</source>
        <translation>按 F2 选择要售票的场次。</translation>
    </message>
    <message>
        <source>today {time}</source>
        <translation>今天 {time}</translation>
    </message>
    <message>
        <source>Any zone</source>
        <translation>任意票区</translation>
    </message>
    <message>
        <source>Enter: best seats</source>
        <translation>Enter：最佳座位</translation>
    </message>
    <message>
        <source>Enter: add places</source>
        <translation>Enter：加票</translation>
    </message>
    <message>
        <source>3 Enter add places</source>
        <translation>3 Enter 加票</translation>
    </message>
    <message>
        <source>Alt+Z zone</source>
        <translation>Alt+Z 票区</translation>
    </message>
    <message>
        <source>2 Enter best seats</source>
        <translation>2 Enter 最佳座位</translation>
    </message>
    <message>
        <source>Ctrl+G type a seat</source>
        <translation>Ctrl+G 输入座位</translation>
    </message>
    <message>
        <source>Ctrl+H add chosen</source>
        <translation>Ctrl+H 加入所选</translation>
    </message>
    <message>
        <source>F3 ticket type</source>
        <translation>F3 票种</translation>
    </message>
    <message>
        <source>F4 phone</source>
        <translation>F4 电话</translation>
    </message>
    <message>
        <source>Ctrl+D discount</source>
        <translation>Ctrl+D 优惠</translation>
    </message>
    <message>
        <source>F12 pay</source>
        <translation>F12 收款</translation>
    </message>
    <message>
        <source>Del remove</source>
        <translation>Del 删除</translation>
    </message>
    <message>
        <source>Esc clear</source>
        <translation>Esc 清空</translation>
    </message>
    <message>
        <source>F2 session</source>
        <translation>F2 场次</translation>
    </message>
    <message>
        <source>F9 open shift</source>
        <translation>F9 开班</translation>
    </message>
    <message>
        <source>Choose a session first (F2).</source>
        <translation>请先选择场次（F2）。</translation>
    </message>
    <message>
        <source>The sale is being saved…</source>
        <translation>正在保存销售…</translation>
    </message>
    <message>
        <source>One moment: the seats are being held…</source>
        <translation>请稍候：正在锁定座位…</translation>
    </message>
    <message>
        <source>Type how many tickets, 1 to {n}, then Enter.</source>
        <translation>请输入张数（1 到 {n}），然后按 Enter。</translation>
    </message>
    <message>
        <source>The seats are still loading; press Enter again in a moment.</source>
        <translation>座位仍在读取中，请稍后再按 Enter。</translation>
    </message>
    <message>
        <source>No ticket type may be sold here. Ask an administrator.</source>
        <translation>此处没有可售票种。请联系系统管理员。</translation>
    </message>
    <message>
        <source>This session has no prices yet.</source>
        <translation>本场次尚未定价。</translation>
    </message>
    <message>
        <source>1 place added: {zone}.</source>
        <translation>已加入 1 张：{zone}。</translation>
    </message>
    <message>
        <source>{count} places added: {zone}.</source>
        <translation>已加入 {count} 张：{zone}。</translation>
    </message>
    <message>
        <source>Holding the best seat…</source>
        <translation>正在锁定最佳座位…</translation>
    </message>
    <message>
        <source>Holding the best {count} seats…</source>
        <translation>正在锁定 {count} 个最佳座位…</translation>
    </message>
    <message>
        <source>This session has no seat map: type the number of places.</source>
        <translation>本场次没有座位图：请输入张数。</translation>
    </message>
    <message>
        <source>Choose seats on the map first: click, drag, or Ctrl+G to type one.</source>
        <translation>请先在座位图上选座：单击、拖动，或按 Ctrl+G 输入座位。</translation>
    </message>
    <message>
        <source>Holding 1 seat…</source>
        <translation>正在锁定 1 个座位…</translation>
    </message>
    <message>
        <source>Holding {count} seats…</source>
        <translation>正在锁定 {count} 个座位…</translation>
    </message>
    <message>
        <source>1 seat held: {seats}.</source>
        <translation>已锁定 1 个座位：{seats}。</translation>
    </message>
    <message>
        <source>{count} seats held: {seats}.</source>
        <translation>已锁定 {count} 个座位：{seats}。</translation>
    </message>
    <message>
        <source>1 seat chosen: Ctrl+H adds it to the cart.</source>
        <translation>已选 1 个座位：按 Ctrl+H 加入购物车。</translation>
    </message>
    <message>
        <source>{count} seats chosen: Ctrl+H adds them to the cart.</source>
        <translation>已选 {count} 个座位：按 Ctrl+H 加入购物车。</translation>
    </message>
    <message>
        <source>The cart is empty.</source>
        <translation>购物车是空的。</translation>
    </message>
    <message>
        <source>Complimentary tickets</source>
        <translation>赠票</translation>
    </message>
    <message>
        <source>{type} tickets are free. Say why they are given: it is logged with the sale.</source>
        <translation>{type}免费。请填写赠票原因，将随销售记录。</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Give a reason for the complimentary tickets.</source>
        <translation>请填写赠票原因。</translation>
    </message>
    <message>
        <source>1 ticket is now {type}.</source>
        <translation>1 张票已改为{type}。</translation>
    </message>
    <message>
        <source>{count} tickets are now {type}.</source>
        <translation>{count} 张票已改为{type}。</translation>
    </message>
    <message>
        <source>“{phone}” is not a phone number.</source>
        <translation>“{phone}”不是有效的电话号码。</translation>
    </message>
    <message>
        <source>Customer&apos;s phone</source>
        <translation>顾客电话</translation>
    </message>
    <message>
        <source>The customer&apos;s phone number finds the order again later. Leave it empty for none.</source>
        <translation>凭顾客电话日后可查到此订单。不登记请留空。</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>You may not give discounts: ask a supervisor.</source>
        <translation>您无权给予优惠：请联系主管。</translation>
    </message>
    <message>
        <source>Select the row to remove in the cart (Tab, ↑↓), then Del.</source>
        <translation>请在购物车中选中要删除的行（Tab、↑↓），然后按 Del。</translation>
    </message>
    <message>
        <source>One place removed.</source>
        <translation>已删除 1 张。</translation>
    </message>
    <message>
        <source>{seat} removed and released.</source>
        <translation>已删除并释放 {seat}。</translation>
    </message>
    <message>
        <source>Clear the cart</source>
        <translation>清空购物车</translation>
    </message>
    <message>
        <source>Remove the ticket from the cart and release its seat?</source>
        <translation>从购物车删除这张票并释放座位？</translation>
    </message>
    <message>
        <source>Remove all {count} tickets from the cart and release their seats?</source>
        <translation>从购物车删除全部 {count} 张票并释放座位？</translation>
    </message>
    <message>
        <source>Cart cleared.</source>
        <translation>购物车已清空。</translation>
    </message>
    <message>
        <source>The discount was more than the cart and was removed.</source>
        <translation>优惠金额超过购物车合计，已取消优惠。</translation>
    </message>
    <message>
        <source>General</source>
        <translation>自由入座</translation>
    </message>
    <message>
        <source>1 ticket</source>
        <translation>1 张</translation>
    </message>
    <message>
        <source>{count} tickets</source>
        <translation>{count} 张</translation>
    </message>
    <message>
        <source>Discount −{amount} ({reason})</source>
        <translation>优惠 −{amount}（{reason}）</translation>
    </message>
    <message>
        <source>Comp: {reason}</source>
        <translation>赠票：{reason}</translation>
    </message>
    <message>
        <source>Phone: {phone}</source>
        <translation>电话：{phone}</translation>
    </message>
    <message>
        <source>Holding the seats; payment opens in a moment…</source>
        <translation>正在锁定座位，即将打开收款…</translation>
    </message>
    <message>
        <source>The cart is empty: type the number of tickets and press Enter.</source>
        <translation>购物车是空的：请输入张数并按 Enter。</translation>
    </message>
    <message>
        <source>The order is too large for one sale.</source>
        <translation>订单过大，无法一次售出。</translation>
    </message>
    <message>
        <source>Taking payment of {total}…</source>
        <translation>正在收款 {total}…</translation>
    </message>
    <message>
        <source>Payment cancelled; the cart is kept.</source>
        <translation>已取消收款，购物车保留。</translation>
    </message>
    <message>
        <source>Saving the sale…</source>
        <translation>正在保存销售…</translation>
    </message>
    <message>
        <source>Order {number} sold — printing 1 ticket.</source>
        <translation>订单 {number} 已售出 — 正在打印 1 张票。</translation>
    </message>
    <message>
        <source>Order {number} sold — printing {count} tickets.</source>
        <translation>订单 {number} 已售出 — 正在打印 {count} 张票。</translation>
    </message>
    <message>
        <source>Order {number} sold, but its paper could not be queued: {error} Print the tickets from Orders.</source>
        <translation>订单 {number} 已售出，但未能加入打印队列：{error} 请在“订单”页面打印门票。</translation>
    </message>
    <message>
        <source>The central store cannot be reached: the sale is queued and will be sent; print the tickets from Orders once it is sent.</source>
        <translation>无法连接中心服务器：此笔销售已排队，稍后自动上传；上传后请在“订单”页面打印门票。</translation>
    </message>
    <message>
        <source>Change {amount}</source>
        <translation>找零 {amount}</translation>
    </message>
    <message>
        <source>The sale was refused: {error} The cart is kept.</source>
        <translation>销售被拒绝：{error} 购物车保留。</translation>
    </message>
</context>
<context>
    <name>ZoneEditor</name>
    <message>
        <source>Choose a session on the left.</source>
        <translation>请在左侧选择排场。</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>票区</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Price (yuan)</source>
        <translation>票价（元）</translation>
    </message>
    <message>
        <source>Type prices in yuan, like 480 or 99.50. All zones are saved together (Ctrl+S); nothing is saved while a price is wrong.</source>
        <translation>票价以元为单位，如 480 或 99.50。所有票区一起保存 (Ctrl+S)；有票价填错时不会保存。</translation>
    </message>
    <message>
        <source>{time}  ·  {hall}  ·  {status}</source>
        <translation>{time}  ·  {hall}  ·  {status}</translation>
    </message>
    <message>
        <source>e.g. VIP, 甲票</source>
        <translation>例如：VIP、甲票</translation>
    </message>
    <message>
        <source>zone {n}</source>
        <translation>第 {n} 个票区</translation>
    </message>
    <message>
        <source>“{colour}” for {zone} is not a colour like #c0392b.</source>
        <translation>{zone}的颜色“{colour}”无效，应类似 #c0392b。</translation>
    </message>
    <message>
        <source>Price of {zone}: {error}</source>
        <translation>{zone}的票价：{error}</translation>
    </message>
    <message>
        <source>{problem} Nothing was saved.</source>
        <translation>{problem}未保存任何内容。</translation>
    </message>
</context>
<context>
    <name>ZonesDialog</name>
    <message>
        <source>Price zones</source>
        <translation>票区</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>&amp;Add zone</source>
        <translation>添加票区(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove zone</source>
        <translation>删除票区(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Colour…</source>
        <translation>颜色(&amp;C)…</translation>
    </message>
    <message>
        <source>Zone {n}</source>
        <translation>票区 {n}</translation>
    </message>
    <message>
        <source>Zone colour</source>
        <translation>票区颜色</translation>
    </message>
</context>
<context>
    <name>_ExchangeDialog</name>
    <message>
        <source>Give back: {given} (order {number}).
New: {show}, {starts}, {hall}: {new}.</source>
        <translation>退回：{given}（订单 {number}）。
新票：{show}，{starts}，{hall}：{new}。</translation>
    </message>
    <message>
        <source>The customer pays {amount} more.</source>
        <translation>顾客需补差价 {amount}。</translation>
    </message>
    <message>
        <source>Take {amount} (Enter)</source>
        <translation>收款 {amount} (Enter)</translation>
    </message>
    <message>
        <source>The customer gets {amount} back, the way they paid.</source>
        <translation>按原支付方式退还顾客 {amount}。</translation>
    </message>
    <message>
        <source>Exchange (Enter)</source>
        <translation>改签 (Enter)</translation>
    </message>
    <message>
        <source>Same price: nothing to pay or give back.</source>
        <translation>票价相同：无需补差或退款。</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>audit</name>
    <message>
        <source>Refused: no permission</source>
        <translation>拒绝：无权限</translation>
    </message>
    <message>
        <source>Audit log exported</source>
        <translation>导出操作日志</translation>
    </message>
    <message>
        <source>Old audit entries deleted</source>
        <translation>删除旧操作日志</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Failed login</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Login while locked</source>
        <translation>锁定期间尝试登录</translation>
    </message>
    <message>
        <source>Logged out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Till cart cleared without a sale</source>
        <translation>收银未销售清空购物车</translation>
    </message>
    <message>
        <source>Till cart put aside</source>
        <translation>收银挂单</translation>
    </message>
    <message>
        <source>Till cart recalled</source>
        <translation>收银取单</translation>
    </message>
    <message>
        <source>Payment collected for a merchant</source>
        <translation>商家收款</translation>
    </message>
    <message>
        <source>Delivery details changed</source>
        <translation>修改配送信息</translation>
    </message>
    <message>
        <source>Till sale queued to send</source>
        <translation>收银销售待上传</translation>
    </message>
    <message>
        <source>Goods refunded</source>
        <translation>商品退款</translation>
    </message>
    <message>
        <source>Goods sold</source>
        <translation>商品售出</translation>
    </message>
    <message>
        <source>Merchant created</source>
        <translation>新建商户</translation>
    </message>
    <message>
        <source>Merchant changed</source>
        <translation>修改商户</translation>
    </message>
    <message>
        <source>Product created</source>
        <translation>新建商品</translation>
    </message>
    <message>
        <source>Product deleted</source>
        <translation>删除商品</translation>
    </message>
    <message>
        <source>Product disabled</source>
        <translation>商品停售</translation>
    </message>
    <message>
        <source>Product enabled</source>
        <translation>商品恢复在售</translation>
    </message>
    <message>
        <source>Products imported from Excel</source>
        <translation>从 Excel 导入商品</translation>
    </message>
    <message>
        <source>Product changed</source>
        <translation>修改商品</translation>
    </message>
    <message>
        <source>Product category created</source>
        <translation>新建商品分类</translation>
    </message>
    <message>
        <source>Product category deleted</source>
        <translation>删除商品分类</translation>
    </message>
    <message>
        <source>Product category changed</source>
        <translation>修改商品分类</translation>
    </message>
    <message>
        <source>Settlement confirmed paid</source>
        <translation>结算已确认打款</translation>
    </message>
    <message>
        <source>Merchant settlements made</source>
        <translation>生成商户结算</translation>
    </message>
    <message>
        <source>Merchant settlements refreshed</source>
        <translation>刷新商户结算</translation>
    </message>
    <message>
        <source>Category created</source>
        <translation>新建分类</translation>
    </message>
    <message>
        <source>Category deleted</source>
        <translation>删除分类</translation>
    </message>
    <message>
        <source>Category changed</source>
        <translation>修改分类</translation>
    </message>
    <message>
        <source>Hall created</source>
        <translation>新建演出厅</translation>
    </message>
    <message>
        <source>Hall deleted</source>
        <translation>删除演出厅</translation>
    </message>
    <message>
        <source>Hall changed</source>
        <translation>修改演出厅</translation>
    </message>
    <message>
        <source>Seat layout saved</source>
        <translation>保存座位图</translation>
    </message>
    <message>
        <source>Seat layout saved unchanged</source>
        <translation>座位图未改动</translation>
    </message>
    <message>
        <source>Places leased to a window</source>
        <translation>名额预留给窗口</translation>
    </message>
    <message>
        <source>Role created</source>
        <translation>新建角色</translation>
    </message>
    <message>
        <source>Role deleted</source>
        <translation>删除角色</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>修改角色</translation>
    </message>
    <message>
        <source>Queued sale refused (needs attention)</source>
        <translation>离线销售被拒（需处理）</translation>
    </message>
    <message>
        <source>Sale queued to send</source>
        <translation>销售待上传</translation>
    </message>
    <message>
        <source>Refused sale sent again</source>
        <translation>被拒销售重新上传</translation>
    </message>
    <message>
        <source>Queued sale sent</source>
        <translation>离线销售已上传</translation>
    </message>
    <message>
        <source>Seats held</source>
        <translation>锁座</translation>
    </message>
    <message>
        <source>Best seats held</source>
        <translation>自动选座锁座</translation>
    </message>
    <message>
        <source>Hold extended</source>
        <translation>锁座延时</translation>
    </message>
    <message>
        <source>Seats leased to a window</source>
        <translation>座位预留给窗口</translation>
    </message>
    <message>
        <source>Leased seats returned</source>
        <translation>归还预留座位</translation>
    </message>
    <message>
        <source>Standing lease set</source>
        <translation>设置常备预留</translation>
    </message>
    <message>
        <source>Hold released</source>
        <translation>释放锁座</translation>
    </message>
    <message>
        <source>Session created</source>
        <translation>新建排场</translation>
    </message>
    <message>
        <source>Session moved to a seat layout</source>
        <translation>排场换用座位图</translation>
    </message>
    <message>
        <source>Session prices set</source>
        <translation>设置排场票价</translation>
    </message>
    <message>
        <source>Session status changed</source>
        <translation>修改排场状态</translation>
    </message>
    <message>
        <source>Session changed</source>
        <translation>修改排场</translation>
    </message>
    <message>
        <source>Language switched</source>
        <translation>切换语言</translation>
    </message>
    <message>
        <source>Settings changed</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Show created</source>
        <translation>新建节目</translation>
    </message>
    <message>
        <source>Show deleted</source>
        <translation>删除节目</translation>
    </message>
    <message>
        <source>Show changed</source>
        <translation>修改节目</translation>
    </message>
    <message>
        <source>Supervisor confirmed unsent sales</source>
        <translation>主管确认未上传销售</translation>
    </message>
    <message>
        <source>Stock corrected</source>
        <translation>库存盘点调整</translation>
    </message>
    <message>
        <source>Stock received</source>
        <translation>商品入库</translation>
    </message>
    <message>
        <source>Demo venue created</source>
        <translation>创建演示场馆</translation>
    </message>
    <message>
        <source>Store initialised</source>
        <translation>初始化数据</translation>
    </message>
    <message>
        <source>Registration code made</source>
        <translation>生成注册码</translation>
    </message>
    <message>
        <source>Terminal added</source>
        <translation>添加终端</translation>
    </message>
    <message>
        <source>Terminal registered</source>
        <translation>终端注册</translation>
    </message>
    <message>
        <source>Terminal disconnected</source>
        <translation>终端断开</translation>
    </message>
    <message>
        <source>Tickets sold</source>
        <translation>售票</translation>
    </message>
    <message>
        <source>Queued sales received</source>
        <translation>接收离线销售</translation>
    </message>
    <message>
        <source>Ticket type created</source>
        <translation>新建票种</translation>
    </message>
    <message>
        <source>Ticket type changed</source>
        <translation>修改票种</translation>
    </message>
    <message>
        <source>Staff account created</source>
        <translation>新建员工账号</translation>
    </message>
    <message>
        <source>Staff account deleted</source>
        <translation>删除员工账号</translation>
    </message>
    <message>
        <source>Staff account disabled</source>
        <translation>禁用员工账号</translation>
    </message>
    <message>
        <source>Staff account enabled</source>
        <translation>启用员工账号</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Staff account changed</source>
        <translation>修改员工账号</translation>
    </message>
    <message>
        <source>Venue created</source>
        <translation>新建场馆</translation>
    </message>
    <message>
        <source>its link to the entry before it does not match (an entry was removed or changed)</source>
        <translation>它与前一条日志的链接不符（有日志被删除或改动）</translation>
    </message>
    <message>
        <source>its content was changed after it was written</source>
        <translation>它的内容在写入后被改动过</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>“{name}” is not a known timezone.</source>
        <translation>“{name}”不是已知的时区。</translation>
    </message>
    <message>
        <source>A time without a timezone was given.</source>
        <translation>给出的时间没有时区。</translation>
    </message>
    <message>
        <source>This data directory was written by a newer version of BoxOffice (schema {revision}). Install that version or newer; nothing was changed.</source>
        <translation>此数据目录由更新版本的 BoxOffice 写入（数据结构 {revision}）。请安装该版本或更新的版本；未做任何改动。</translation>
    </message>
    <message>
        <source>“{text}” is not an amount of money.</source>
        <translation>“{text}”不是有效金额。</translation>
    </message>
    <message>
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <source>The amount is larger than {limit}.</source>
        <translation>金额不能超过 {limit}。</translation>
    </message>
    <message>
        <source>{value} is not a note or coin.</source>
        <translation>{value} 不是有效面额。</translation>
    </message>
    <message>
        <source>Count each note and coin as 0 to 100,000 pieces.</source>
        <translation>每种面额的数量须在 0 到 100,000 之间。</translation>
    </message>
    <message>
        <source>Page: Home</source>
        <translation>页面：首页</translation>
    </message>
    <message>
        <source>Page: Today&apos;s sessions</source>
        <translation>页面：今日排场</translation>
    </message>
    <message>
        <source>Page: Staff accounts</source>
        <translation>页面：用户管理</translation>
    </message>
    <message>
        <source>Page: Roles and permissions</source>
        <translation>页面：角色与权限</translation>
    </message>
    <message>
        <source>Page: Shows and categories</source>
        <translation>页面：演出节目和分类</translation>
    </message>
    <message>
        <source>Page: Sessions</source>
        <translation>页面：演出排场</translation>
    </message>
    <message>
        <source>Page: Prices and ticket types</source>
        <translation>页面：票价和票种</translation>
    </message>
    <message>
        <source>Page: Audit log</source>
        <translation>页面：操作日志</translation>
    </message>
    <message>
        <source>Page: Settings</source>
        <translation>页面：设置</translation>
    </message>
    <message>
        <source>Page: Print queue</source>
        <translation>页面：打印队列</translation>
    </message>
    <message>
        <source>Page: Ticket window</source>
        <translation>页面：售票</translation>
    </message>
    <message>
        <source>Page: Orders, refunds and ticket check</source>
        <translation>页面：订单、退票与检票</translation>
    </message>
    <message>
        <source>Page: Shift and handover</source>
        <translation>页面：交班</translation>
    </message>
    <message>
        <source>Page: Merchant till</source>
        <translation>页面：收银</translation>
    </message>
    <message>
        <source>Page: Products and stock</source>
        <translation>页面：商品与库存</translation>
    </message>
    <message>
        <source>Page: Merchants</source>
        <translation>页面：商户</translation>
    </message>
    <message>
        <source>Page: Merchant orders</source>
        <translation>页面：商品订单</translation>
    </message>
    <message>
        <source>Page: Merchant reports and settlement</source>
        <translation>页面：商户报表与结算</translation>
    </message>
    <message>
        <source>Sell tickets</source>
        <translation>售票</translation>
    </message>
    <message>
        <source>Refund tickets</source>
        <translation>退票</translation>
    </message>
    <message>
        <source>Force refund of used tickets</source>
        <translation>强制退票（已使用门票）</translation>
    </message>
    <message>
        <source>Reprint tickets</source>
        <translation>重打门票</translation>
    </message>
    <message>
        <source>Check tickets</source>
        <translation>检票</translation>
    </message>
    <message>
        <source>Lease seats to a window for offline sale</source>
        <translation>向售票窗口预留座位供离线销售</translation>
    </message>
    <message>
        <source>Give manual discounts</source>
        <translation>手动折扣</translation>
    </message>
    <message>
        <source>Issue complimentary tickets</source>
        <translation>出赠票</translation>
    </message>
    <message>
        <source>Sell at a merchant till</source>
        <translation>商户收银</translation>
    </message>
    <message>
        <source>Refund merchant receipts</source>
        <translation>商户小票退款</translation>
    </message>
    <message>
        <source>Manage products, SKUs and stock</source>
        <translation>管理商品、规格和库存</translation>
    </message>
    <message>
        <source>Manage merchants and their fee rates</source>
        <translation>管理商户及其费率</translation>
    </message>
    <message>
        <source>Confirm merchant settlements as paid</source>
        <translation>确认商户结算已打款</translation>
    </message>
    <message>
        <source>Close shifts</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>View every terminal&apos;s shifts and approve cash differences</source>
        <translation>查看所有终端的班次并审批现金差额</translation>
    </message>
    <message>
        <source>Close shifts blind (count the cash before seeing the expected amount)</source>
        <translation>盲交（先清点现金，后显示应有金额）</translation>
    </message>
    <message>
        <source>View reports</source>
        <translation>查看报表</translation>
    </message>
    <message>
        <source>View sessions</source>
        <translation>查看排场</translation>
    </message>
    <message>
        <source>Design venue seat layouts</source>
        <translation>场馆座位编排</translation>
    </message>
    <message>
        <source>Manage shows and sessions</source>
        <translation>管理节目和排场</translation>
    </message>
    <message>
        <source>Manage prices and ticket types</source>
        <translation>管理票价和票种</translation>
    </message>
    <message>
        <source>Manage staff accounts</source>
        <translation>管理员工账号</translation>
    </message>
    <message>
        <source>Manage roles</source>
        <translation>管理角色</translation>
    </message>
    <message>
        <source>View the audit log</source>
        <translation>查看操作日志</translation>
    </message>
    <message>
        <source>Delete old audit entries</source>
        <translation>删除旧操作日志</translation>
    </message>
    <message>
        <source>Change terminal and venue settings</source>
        <translation>修改终端和场馆设置</translation>
    </message>
    <message>
        <source>Confirm logging out or disconnecting with sales not yet sent</source>
        <translation>有未上传销售时确认退出登录或断开连接</translation>
    </message>
    <message>
        <source>Window cashier</source>
        <translation>售票员</translation>
    </message>
    <message>
        <source>Merchant operator</source>
        <translation>商户操作员</translation>
    </message>
    <message>
        <source>Merchant manager</source>
        <translation>商户管理员</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>值班主管</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Export to a .xlsx or .csv file.</source>
        <translation>只能导出为 .xlsx 或 .csv 文件。</translation>
    </message>
    <message>
        <source>Only entries older than {days} days can be deleted.</source>
        <translation>只能删除 {days} 天以前的日志。</translation>
    </message>
    <message>
        <source>The password needs at least {n} characters.</source>
        <translation>密码至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <source>That password is too easy to guess. Choose another.</source>
        <translation>该密码太容易被猜到，请换一个。</translation>
    </message>
    <message>
        <source>Wrong login name or password.</source>
        <translation>登录名或密码错误。</translation>
    </message>
    <message>
        <source>This account is locked after too many failed logins. Try again in {minutes} minutes or ask a supervisor.</source>
        <translation>登录失败次数过多，账号已锁定。请 {minutes} 分钟后再试，或联系值班主管。</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码错误。</translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation>新密码不能与当前密码相同。</translation>
    </message>
    <message>
        <source>Please log in first.</source>
        <translation>请先登录。</translation>
    </message>
    <message>
        <source>Your account is disabled. Ask an administrator.</source>
        <translation>您的账号已被禁用，请联系系统管理员。</translation>
    </message>
    <message>
        <source>The sale was made by {seller}, whose account is disabled or no longer exists. Enable the account, then send the sale again.</source>
        <translation>这笔销售由 {seller} 完成，但该账号已被禁用或已不存在。请先启用该账号，再重新发送这笔销售。</translation>
    </message>
    <message>
        <source>The sale was made by {seller}, who does not have the permission “{permission}”. Give it back, then send the sale again.</source>
        <translation>这笔销售由 {seller} 完成，但其没有“{permission}”权限。请恢复该权限，再重新发送这笔销售。</translation>
    </message>
    <message>
        <source>Please change your password before you continue.</source>
        <translation>请先修改密码再继续。</translation>
    </message>
    <message>
        <source>You do not have the permission “{permission}”.</source>
        <translation>您没有“{permission}”权限。</translation>
    </message>
    <message>
        <source>A name must be 1 to {limit} characters.</source>
        <translation>名称长度须为 1 到 {limit} 个字符。</translation>
    </message>
    <message>
        <source>That venue no longer exists.</source>
        <translation>该场馆已不存在。</translation>
    </message>
    <message>
        <source>Seating is reserved seats or general admission.</source>
        <translation>入座方式只能是对号入座或自由入座。</translation>
    </message>
    <message>
        <source>Capacity must be between 0 and 200,000.</source>
        <translation>容量须在 0 到 200,000 之间。</translation>
    </message>
    <message>
        <source>A hall named “{name}” exists already.</source>
        <translation>已有名为“{name}”的演出厅。</translation>
    </message>
    <message>
        <source>“{name}” has {n} sessions, sold by its current seating. The seating cannot change while the hall has sessions.</source>
        <translation>“{name}”有 {n} 个排场，按当前入座方式售票。演出厅有排场时不能更改入座方式。</translation>
    </message>
    <message>
        <source>“{name}” still has {n} sessions. A hall with sessions cannot be deleted.</source>
        <translation>“{name}”还有 {n} 个排场。有排场的演出厅不能删除。</translation>
    </message>
    <message>
        <source>A category named “{name}” exists already.</source>
        <translation>已有名为“{name}”的分类。</translation>
    </message>
    <message>
        <source>That category no longer exists.</source>
        <translation>该分类已不存在。</translation>
    </message>
    <message>
        <source>“{name}” still has {n} shows. Move them to another category first.</source>
        <translation>“{name}”下还有 {n} 个节目，请先将它们移到其他分类。</translation>
    </message>
    <message>
        <source>The duration must be between 1 minute and 24 hours.</source>
        <translation>时长须在 1 分钟到 24 小时之间。</translation>
    </message>
    <message>
        <source>That show no longer exists.</source>
        <translation>该节目已不存在。</translation>
    </message>
    <message>
        <source>That hall no longer exists.</source>
        <translation>该演出厅已不存在。</translation>
    </message>
    <message>
        <source>Unknown session status “{status}”.</source>
        <translation>未知的排场状态“{status}”。</translation>
    </message>
    <message>
        <source>The hall is in use then by “{show}” at {time}.</source>
        <translation>该演出厅此时段已有排场：{time} 的“{show}”。</translation>
    </message>
    <message>
        <source>That session no longer exists.</source>
        <translation>该排场已不存在。</translation>
    </message>
    <message>
        <source>Give the session at least one priced zone before selling it.</source>
        <translation>开售前，请至少为本场设置一个票区和票价。</translation>
    </message>
    <message>
        <source>“{name}” still has {n} sessions. Take it off the programme instead (Edit), so it can no longer be scheduled.</source>
        <translation>“{name}”还有 {n} 个排场。请改为将其下架（编辑），使其不能再排场。</translation>
    </message>
    <message>
        <source>A zone name must be 1 to {limit} characters.</source>
        <translation>票区名称长度须为 1 到 {limit} 个字符。</translation>
    </message>
    <message>
        <source>The zone “{name}” appears twice.</source>
        <translation>票区“{name}”重复。</translation>
    </message>
    <message>
        <source>The price of “{name}” is out of range.</source>
        <translation>“{name}”的票价超出范围。</translation>
    </message>
    <message>
        <source>“{colour}” is not a colour like #c0392b.</source>
        <translation>“{colour}”不是有效颜色，应类似 #c0392b。</translation>
    </message>
    <message>
        <source>The percentage must be between 0 and 100.</source>
        <translation>比例须在 0 到 100 之间。</translation>
    </message>
    <message>
        <source>A ticket type named “{name}” exists already.</source>
        <translation>已有名为“{name}”的票种。</translation>
    </message>
    <message>
        <source>A role or terminal chosen no longer exists.</source>
        <translation>所选的角色或终端已不存在。</translation>
    </message>
    <message>
        <source>That ticket type no longer exists.</source>
        <translation>该票种已不存在。</translation>
    </message>
    <message>
        <source>Unknown language “{language}”.</source>
        <translation>未知语言“{language}”。</translation>
    </message>
    <message>
        <source>Failed logins before lockout must be between 1 and 20.</source>
        <translation>锁定前允许失败次数须在 1 到 20 之间。</translation>
    </message>
    <message>
        <source>Lockout time must be between 1 minute and 24 hours.</source>
        <translation>锁定时长须在 1 分钟到 24 小时之间。</translation>
    </message>
    <message>
        <source>The cash difference limit must be between ¥0 and ¥100,000.</source>
        <translation>现金差额限额须在 ¥0 到 ¥100,000 之间。</translation>
    </message>
    <message>
        <source>The time to void a sale must be between 0 minutes and 24 hours.</source>
        <translation>作废时限须在 0 分钟到 24 小时之间。</translation>
    </message>
    <message>
        <source>Unknown setting “{name}”.</source>
        <translation>未知设置项“{name}”。</translation>
    </message>
    <message>
        <source>That terminal does not exist.</source>
        <translation>该终端不存在。</translation>
    </message>
    <message>
        <source>That staff account no longer exists.</source>
        <translation>该员工账号已不存在。</translation>
    </message>
    <message>
        <source>One of the chosen roles no longer exists.</source>
        <translation>所选角色中有一个已不存在。</translation>
    </message>
    <message>
        <source>The display name must be 1 to 64 characters.</source>
        <translation>姓名长度须为 1 到 64 个字符。</translation>
    </message>
    <message>
        <source>A login name is 2 to 32 letters, digits, dots, dashes or underscores.</source>
        <translation>登录名须为 2 到 32 个字母、数字、点、短横线或下划线。</translation>
    </message>
    <message>
        <source>The login name “{login}” is taken.</source>
        <translation>登录名“{login}”已被占用。</translation>
    </message>
    <message>
        <source>At least one enabled account must be able to manage staff.</source>
        <translation>必须至少有一个已启用的账号拥有“管理员工账号”权限。</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>不能禁用自己的账号。</translation>
    </message>
    <message>
        <source>“{login}” has a history of work and cannot be deleted. Disable the account instead.</source>
        <translation>“{login}”已有操作记录，不能删除。请改为禁用该账号。</translation>
    </message>
    <message>
        <source>You cannot delete your own account.</source>
        <translation>不能删除自己的账号。</translation>
    </message>
    <message>
        <source>Unknown permission “{permission}”.</source>
        <translation>未知权限“{permission}”。</translation>
    </message>
    <message>
        <source>A role name must be 1 to 64 characters.</source>
        <translation>角色名称长度须为 1 到 64 个字符。</translation>
    </message>
    <message>
        <source>A role named “{name}” exists already.</source>
        <translation>已有名为“{name}”的角色。</translation>
    </message>
    <message>
        <source>That role no longer exists.</source>
        <translation>该角色已不存在。</translation>
    </message>
    <message>
        <source>Built-in roles cannot be deleted.</source>
        <translation>内置角色不能删除。</translation>
    </message>
    <message>
        <source>The role “{name}” still has {n} users. Reassign them first.</source>
        <translation>角色“{name}”下还有 {n} 个用户，请先给他们改分配其他角色。</translation>
    </message>
    <message>
        <source>A terminal name must be 1 to 64 characters.</source>
        <translation>终端名称长度须为 1 到 64 个字符。</translation>
    </message>
    <message>
        <source>A terminal is a ticket window or a till.</source>
        <translation>终端类型只能是售票窗口或收银台。</translation>
    </message>
    <message>
        <source>That registration code is unknown, used or expired.</source>
        <translation>该注册码无效、已使用或已过期。</translation>
    </message>
    <message>
        <source>This terminal is not registered.</source>
        <translation>本终端尚未注册。</translation>
    </message>
    <message>
        <source>Your session has ended. Please log in again.</source>
        <translation>登录已失效，请重新登录。</translation>
    </message>
    <message>
        <source>A terminal named “{name}” exists already.</source>
        <translation>已有名为“{name}”的终端。</translation>
    </message>
    <message>
        <source>This operation id was already used for a different request.</source>
        <translation>该操作编号已用于另一笔不同的请求。</translation>
    </message>
    <message>
        <source>This operation is being processed. Try again shortly.</source>
        <translation>该操作正在处理中，请稍后重试。</translation>
    </message>
    <message>
        <source>Seats already taken: {seats}.</source>
        <translation>以下座位已被占用：{seats}。</translation>
    </message>
    <message>
        <source>This session is not on sale.</source>
        <translation>该排场未开售。</translation>
    </message>
    <message>
        <source>This device is not a registered terminal.</source>
        <translation>本设备不是已注册的终端。</translation>
    </message>
    <message>
        <source>No such seat in this session: {seats}.</source>
        <translation>该排场没有这些座位：{seats}。</translation>
    </message>
    <message>
        <source>No such terminal, or it is disabled.</source>
        <translation>没有该终端，或该终端已禁用。</translation>
    </message>
    <message>
        <source>Only a ticket window can take a lease to sell offline.</source>
        <translation>只有售票窗口可以预留座位用于离线销售。</translation>
    </message>
    <message>
        <source>Choose at least one seat.</source>
        <translation>请至少选择一个座位。</translation>
    </message>
    <message>
        <source>At most {n} seats at a time.</source>
        <translation>每次最多选 {n} 个座位。</translation>
    </message>
    <message>
        <source>A standing lease is 0 to {n} seats per zone.</source>
        <translation>常备预留为每个票区 0 到 {n} 个座位。</translation>
    </message>
    <message>
        <source>A general-admission session has no seats to lease; lease places instead.</source>
        <translation>自由入座的排场没有座位可预留，请改为预留名额。</translation>
    </message>
    <message>
        <source>Lease 1 to {n} places at a time.</source>
        <translation>每次预留 1 到 {n} 个名额。</translation>
    </message>
    <message>
        <source>This session has reserved seats: lease seats, not a number of places.</source>
        <translation>该排场为对号入座：请预留座位，而不是名额数量。</translation>
    </message>
    <message>
        <source>That hold no longer exists.</source>
        <translation>该锁座已不存在。</translation>
    </message>
    <message>
        <source>The seats were released because the hold ran out. Choose them again.</source>
        <translation>锁座已超时，座位已释放，请重新选座。</translation>
    </message>
    <message>
        <source>A seat has no price zone.</source>
        <translation>有座位未设置票区。</translation>
    </message>
    <message>
        <source>Your shift is closed. Open a shift to sell.</source>
        <translation>您的班次已交班。请开班后再售票。</translation>
    </message>
    <message>
        <source>An order id must be a UUIDv7.</source>
        <translation>订单编号必须是 UUIDv7。</translation>
    </message>
    <message>
        <source>An order needs a number of 1 to 32 characters.</source>
        <translation>订单号须为 1 到 32 个字符。</translation>
    </message>
    <message>
        <source>An order needs at least one ticket.</source>
        <translation>订单至少要有一张票。</translation>
    </message>
    <message>
        <source>The order number {number} is already used.</source>
        <translation>订单号 {number} 已被使用。</translation>
    </message>
    <message>
        <source>Give a reason for the complimentary tickets.</source>
        <translation>请填写赠票原因。</translation>
    </message>
    <message>
        <source>“{phone}” is not a phone number.</source>
        <translation>“{phone}”不是有效的电话号码。</translation>
    </message>
    <message>
        <source>A discount must be more than ¥0 and at most the total.</source>
        <translation>优惠金额须大于 ¥0 且不超过合计。</translation>
    </message>
    <message>
        <source>Give a reason for the discount.</source>
        <translation>请填写优惠原因。</translation>
    </message>
    <message>
        <source>Reserved seats are sold from a hold.</source>
        <translation>对号座位须先锁座再出售。</translation>
    </message>
    <message>
        <source>The hold is for another session.</source>
        <translation>该锁座属于另一个排场。</translation>
    </message>
    <message>
        <source>A seat appears twice in the order.</source>
        <translation>订单中有重复的座位。</translation>
    </message>
    <message>
        <source>That price zone is not part of this session.</source>
        <translation>该票区不属于此排场。</translation>
    </message>
    <message>
        <source>Ask for 1 to {n} seats.</source>
        <translation>请选择 1 到 {n} 个座位。</translation>
    </message>
    <message>
        <source>Not enough matching free seats: {count} asked for, {left} free.</source>
        <translation>符合条件的空座不足：需要 {count} 个，仅剩 {left} 个。</translation>
    </message>
    <message>
        <source>Keep the note under 200 characters.</source>
        <translation>备注不能超过 200 个字符。</translation>
    </message>
    <message>
        <source>That ticket type cannot be sold.</source>
        <translation>该票种不可售。</translation>
    </message>
    <message>
        <source>Only {left} places are left for this session.</source>
        <translation>该排场仅剩 {left} 个名额。</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Mobile pay</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <source>Unknown payment method “{method}”.</source>
        <translation>未知的支付方式“{method}”。</translation>
    </message>
    <message>
        <source>Type the reference number from the card terminal&apos;s slip.</source>
        <translation>请输入银行卡签购单上的参考号。</translation>
    </message>
    <message>
        <source>“{reference}” is not a card reference: use the 4 to 32 digits or letters on the card terminal&apos;s slip.</source>
        <translation>“{reference}”不是有效的参考号：请输入签购单上 4 到 32 位的数字或字母。</translation>
    </message>
    <message>
        <source>Scan the pay code on the customer&apos;s phone.</source>
        <translation>请扫描顾客手机上的付款码。</translation>
    </message>
    <message>
        <source>“{code}” is not a mobile pay code.</source>
        <translation>“{code}”不是有效的付款码。</translation>
    </message>
    <message>
        <source>A payment must be more than ¥0.00 and at most {limit}.</source>
        <translation>收款金额须大于 ¥0.00 且不超过 {limit}。</translation>
    </message>
    <message>
        <source>This payment was already taken with another amount or pay code.</source>
        <translation>这笔收款已按其他金额或付款码收取过。</translation>
    </message>
    <message>
        <source>The payment service did not answer; ask the customer to pay another way.</source>
        <translation>支付服务无响应；请顾客换用其他方式付款。</translation>
    </message>
    <message>
        <source>The customer&apos;s balance is not enough.</source>
        <translation>顾客余额不足。</translation>
    </message>
    <message>
        <source>This refund was already made for another payment or amount.</source>
        <translation>这笔退款已针对其他收款或金额办理过。</translation>
    </message>
    <message>
        <source>There is no mobile payment “{reference}”.</source>
        <translation>没有移动支付“{reference}”。</translation>
    </message>
    <message>
        <source>Only {left} of the mobile payment {reference} is left to refund.</source>
        <translation>移动支付 {reference} 仅剩 {left} 可退。</translation>
    </message>
    <message>
        <source>A payment must be a positive amount.</source>
        <translation>支付金额必须大于零。</translation>
    </message>
    <message>
        <source>Payments add up to {paid} but the order is {total}.</source>
        <translation>支付合计 {paid}，但订单金额为 {total}。</translation>
    </message>
    <message>
        <source>The central store refused the request (HTTP {status}).</source>
        <translation>中心服务器拒绝了请求（HTTP {status}）。</translation>
    </message>
    <message>
        <source>“{url}” is not a valid address for the central store (https://…).</source>
        <translation>“{url}”不是有效的中心服务器地址（https://…）。</translation>
    </message>
    <message>
        <source>The central store must be reached over https:// (plain http:// only on this computer): {url}</source>
        <translation>必须通过 https:// 连接中心服务器（仅本机可用 http://）：{url}</translation>
    </message>
    <message>
        <source>The request is larger than {limit} bytes.</source>
        <translation>请求超过 {limit} 字节。</translation>
    </message>
    <message>
        <source>The request body is not valid JSON.</source>
        <translation>请求内容不是有效的 JSON。</translation>
    </message>
    <message>
        <source>“{field}” is wrong: {problem}</source>
        <translation>“{field}”有误：{problem}</translation>
    </message>
    <message>
        <source>The Idempotency-Key header must equal the order id.</source>
        <translation>Idempotency-Key 请求头必须与订单编号一致。</translation>
    </message>
    <message>
        <source>This computer has no usable system keyring to keep the terminal&apos;s key for the central store. Use a desktop session with a keyring, or set BOXOFFICE_CREDENTIAL_FILE to a file readable only by this user (see docs/deployment.md).</source>
        <translation>本机没有可用的系统密钥环来保存连接中心服务器的终端密钥。请在带密钥环的桌面会话中使用，或将 BOXOFFICE_CREDENTIAL_FILE 设为仅本用户可读的文件（见 docs/deployment.md）。</translation>
    </message>
    <message>
        <source>The system keyring could not be used ({reason}). Unlock it and try again, or set BOXOFFICE_CREDENTIAL_FILE to a file readable only by this user (see docs/deployment.md).</source>
        <translation>无法使用系统密钥环（{reason}）。请解锁后重试，或将 BOXOFFICE_CREDENTIAL_FILE 设为仅本用户可读的文件（见 docs/deployment.md）。</translation>
    </message>
    <message>
        <source>The credential file {path} can be read by other users. Make it readable only by its owner (chmod 600).</source>
        <translation>凭据文件 {path} 可被其他用户读取，请设为仅所有者可读（chmod 600）。</translation>
    </message>
    <message>
        <source>The credential file {path} cannot be used: {reason}</source>
        <translation>无法使用凭据文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>The central store does not offer the operation “{operation}”.</source>
        <translation>中心库不提供“{operation}”操作。</translation>
    </message>
    <message>
        <source>“{field}” is missing.</source>
        <translation>缺少“{field}”。</translation>
    </message>
    <message>
        <source>“{field}” is not expected here.</source>
        <translation>此处不应有“{field}”。</translation>
    </message>
    <message>
        <source>“{field}” must be empty (null).</source>
        <translation>“{field}”必须为空（null）。</translation>
    </message>
    <message>
        <source>“{field}” must be true or false.</source>
        <translation>“{field}”必须是 true 或 false。</translation>
    </message>
    <message>
        <source>“{field}” must be a whole number.</source>
        <translation>“{field}”必须是整数。</translation>
    </message>
    <message>
        <source>“{field}” is out of range.</source>
        <translation>“{field}”超出范围。</translation>
    </message>
    <message>
        <source>“{field}” must be a number.</source>
        <translation>“{field}”必须是数字。</translation>
    </message>
    <message>
        <source>“{field}” must be text.</source>
        <translation>“{field}”必须是文本。</translation>
    </message>
    <message>
        <source>“{field}” contains a character that cannot be stored.</source>
        <translation>“{field}”含有无法保存的字符。</translation>
    </message>
    <message>
        <source>“{field}” must be a date and time with a UTC offset, like 2030-03-01T19:30:00+08:00.</source>
        <translation>“{field}”必须是带 UTC 偏移的日期时间，例如 2030-03-01T19:30:00+08:00。</translation>
    </message>
    <message>
        <source>“{field}” has no timezone. Give a time with a UTC offset, like 2030-03-01T19:30:00+08:00.</source>
        <translation>“{field}”没有时区。请给出带 UTC 偏移的时间，例如 2030-03-01T19:30:00+08:00。</translation>
    </message>
    <message>
        <source>“{field}” must be a date, like 2030-03-01.</source>
        <translation>“{field}”必须是日期，例如 2030-03-01。</translation>
    </message>
    <message>
        <source>“{field}” must be a time of day, like 19:30:00.</source>
        <translation>“{field}”必须是一天中的时间，例如 19:30:00。</translation>
    </message>
    <message>
        <source>“{field}” must be one of: {choices}.</source>
        <translation>“{field}”必须是以下之一：{choices}。</translation>
    </message>
    <message>
        <source>“{field}” must be a list.</source>
        <translation>“{field}”必须是列表。</translation>
    </message>
    <message>
        <source>“{field}” must have {n} items.</source>
        <translation>“{field}”必须有 {n} 项。</translation>
    </message>
    <message>
        <source>“{field}” must be an object with named fields.</source>
        <translation>“{field}”必须是带字段名的对象。</translation>
    </message>
    <message>
        <source>“{field}” has the wrong type.</source>
        <translation>“{field}”的类型不对。</translation>
    </message>
    <message>
        <source>The central store can&apos;t be reached, and “{login}” has not logged in at this terminal in the last {hours} hours, so the login can&apos;t be checked. Check the network or ask a supervisor.</source>
        <translation>无法连接中心服务器，且“{login}”在最近 {hours} 小时内未在本终端登录过，因此无法核对登录。请检查网络或联系值班主管。</translation>
    </message>
    <message>
        <source>This computer is already a terminal of {url}. Disconnect it first.</source>
        <translation>本机已是 {url} 的终端，请先断开连接。</translation>
    </message>
    <message>
        <source>This computer has sales of its own in its local store, so it can&apos;t become a terminal of another store.</source>
        <translation>本机的本地数据中已有销售记录，不能再作为其他中心服务器的终端。</translation>
    </message>
    <message>
        <source>{count} sales have not reached the central store yet. A supervisor must confirm before this goes ahead.</source>
        <translation>有 {count} 笔销售尚未上传到中心服务器，须由值班主管确认后才能继续。</translation>
    </message>
    <message>
        <source>This computer is not a terminal of a central store.</source>
        <translation>本机不是中心服务器的终端。</translation>
    </message>
    <message>
        <source>The CA certificate file {path} does not exist.</source>
        <translation>CA 证书文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>This terminal&apos;s key for the central store is missing from the system keyring. Register the terminal again with a new code.</source>
        <translation>系统钥匙串中缺少本终端连接中心服务器的密钥。请用新的注册码重新注册本终端。</translation>
    </message>
    <message>
        <source>The CSV file is empty.</source>
        <translation>CSV 文件是空的。</translation>
    </message>
    <message>
        <source>The CSV file lacks the columns {columns}.</source>
        <translation>CSV 文件缺少以下列：{columns}。</translation>
    </message>
    <message>
        <source>The CSV file has more than {limit} seats.</source>
        <translation>CSV 文件的座位超过 {limit} 个。</translation>
    </message>
    <message>
        <source>Line {line}: seat id {id} is used more than once.</source>
        <translation>第 {line} 行：座位编号 {id} 重复出现。</translation>
    </message>
    <message>
        <source>Line {line}: another seat is already at row {row}, column {column}.</source>
        <translation>第 {line} 行：第 {row} 行第 {column} 列已有另一个座位。</translation>
    </message>
    <message>
        <source>Section {section}: row {row}, column {column} is outside its {columns} x {rows} grid.</source>
        <translation>区域 {section}：第 {row} 行第 {column} 列超出其 {columns} × {rows} 的网格。</translation>
    </message>
    <message>
        <source>The CSV file cannot be read: {reason}</source>
        <translation>无法读取 CSV 文件：{reason}</translation>
    </message>
    <message>
        <source>Line {line}: {value} is not a valid {column}.</source>
        <translation>第 {line} 行：{value} 不是有效的 {column}。</translation>
    </message>
    <message>
        <source>A layout can have at most {limit} sections.</source>
        <translation>一个座位图最多只能有 {limit} 个区域。</translation>
    </message>
    <message>
        <source>The layout already has a section with id {id}.</source>
        <translation>座位图中已有编号为 {id} 的区域。</translation>
    </message>
    <message>
        <source>Resizing {section} would remove {count} seats ({seats}); erase them first.</source>
        <translation>调整 {section} 的大小会删除 {count} 个座位（{seats}），请先擦除这些座位。</translation>
    </message>
    <message>
        <source>Seat numbers start at 1 or more, not {start}.</source>
        <translation>座位号须从 1 或更大的数开始，不能是 {start}。</translation>
    </message>
    <message>
        <source>Pasting here would cover {count} seats of {section} ({seats}); erase them first.</source>
        <translation>粘贴到此处会覆盖 {section} 的 {count} 个座位（{seats}），请先擦除这些座位。</translation>
    </message>
    <message>
        <source>Zone key {key} is used more than once.</source>
        <translation>票区代码 {key} 重复使用。</translation>
    </message>
    <message>
        <source>The layout has no section with id {id}.</source>
        <translation>座位图中没有编号为 {id} 的区域。</translation>
    </message>
    <message>
        <source>Row {row}, column {column} is outside section {section} ({columns} x {rows}).</source>
        <translation>第 {row} 行第 {column} 列超出区域 {section}（{columns} × {rows}）。</translation>
    </message>
    <message>
        <source>A section is 1 to {limit} columns and rows; {columns} x {rows} is not possible.</source>
        <translation>区域的行数和列数须在 1 到 {limit} 之间，{columns} × {rows} 不可行。</translation>
    </message>
    <message>
        <source>A section needs a name of 1 to {limit} characters.</source>
        <translation>区域名称须为 1 到 {limit} 个字符。</translation>
    </message>
    <message>
        <source>Cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>The file is not valid UTF-8 text (byte {offset}).</source>
        <translation>该文件不是有效的 UTF-8 文本（第 {offset} 字节）。</translation>
    </message>
    <message>
        <source>The file is not valid JSON: {reason} (line {line}, column {column}).</source>
        <translation>该文件不是有效的 JSON：{reason}（第 {line} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>The file is nested too deeply to be a layout.</source>
        <translation>该文件嵌套层级过深，不是座位图文件。</translation>
    </message>
    <message>
        <source>The file repeats the key {key} in one object.</source>
        <translation>该文件在同一对象中重复了键 {key}。</translation>
    </message>
    <message>
        <source>This is not a BoxOffice layout file.</source>
        <translation>这不是 BoxOffice 座位图文件。</translation>
    </message>
    <message>
        <source>This layout file has format version {version}; this BoxOffice reads up to version {supported}.</source>
        <translation>该座位图文件的格式版本为 {version}，本版 BoxOffice 最高只能读取版本 {supported}。</translation>
    </message>
    <message>
        <source>The layout file is not valid at {where}: {detail}</source>
        <translation>座位图文件在 {where} 处无效：{detail}</translation>
    </message>
    <message>
        <source>The layout has {count} seats; at most {limit} are allowed.</source>
        <translation>座位图有 {count} 个座位，最多只允许 {limit} 个。</translation>
    </message>
    <message>
        <source>Two sections have the id {id}.</source>
        <translation>有两个区域的编号都是 {id}。</translation>
    </message>
    <message>
        <source>Section {section}: grid row {row} is repeated or outside its {rows} rows.</source>
        <translation>区域 {section}：网格第 {row} 行重复或超出其 {rows} 行。</translation>
    </message>
    <message>
        <source>Section {section}: row {row}, column {column} is repeated or outside its {columns} columns.</source>
        <translation>区域 {section}：第 {row} 行第 {column} 列重复或超出其 {columns} 列。</translation>
    </message>
    <message>
        <source>Seat id {id} is used more than once (section {section}, row {row}, column {column}).</source>
        <translation>座位编号 {id} 重复出现（区域 {section}，第 {row} 行第 {column} 列）。</translation>
    </message>
    <message>
        <source>The file is {size} bytes; layouts of more than {limit} bytes are refused.</source>
        <translation>该文件有 {size} 字节，超过 {limit} 字节的座位图不予读取。</translation>
    </message>
    <message>
        <source>This is not a pretix seating plan we can read ({where}: {detail}).</source>
        <translation>这不是可读取的 pretix 座位图（{where}：{detail}）。</translation>
    </message>
    <message>
        <source>Zone {zone}, row {row}: seat number {number} is not a whole number from 1 to 9999.</source>
        <translation>区域 {zone}，{row} 排：座位号 {number} 不是 1 到 9999 之间的整数。</translation>
    </message>
    <message>
        <source>Zone {zone} does not fit a grid of {limit} x {limit} seats.</source>
        <translation>区域 {zone} 无法放入 {limit} × {limit} 的网格。</translation>
    </message>
    <message>
        <source>Zone {zone}: seats {first} and {second} of row {row} fall on the same place of the grid.</source>
        <translation>区域 {zone}：{row} 排的 {first} 号和 {second} 号座位落在网格的同一位置。</translation>
    </message>
    <message>
        <source>Section {section} is {columns} x {rows} cells; at most {limit} x {limit} are allowed.</source>
        <translation>区域 {section} 为 {columns} × {rows} 格，最多允许 {limit} × {limit} 格。</translation>
    </message>
    <message>
        <source>Seat {seat} of {section} is at row {row}, column {column}, outside the grid.</source>
        <translation>{section} 的座位 {seat} 位于第 {row} 行第 {column} 列，超出网格。</translation>
    </message>
    <message>
        <source>Two seats of {section} are in the same cell, row {row}, column {column}.</source>
        <translation>{section} 有两个座位在同一格：第 {row} 行第 {column} 列。</translation>
    </message>
    <message>
        <source>Seat {seat} of {section} (row {row}, column {column}) has the same label as the seat at row {other_row}, column {other_column}.</source>
        <translation>{section} 的座位 {seat}（第 {row} 行第 {column} 列）与第 {other_row} 行第 {other_column} 列的座位座号相同。</translation>
    </message>
    <message>
        <source>Seat {seat} of {section} (row {row}, column {column}) has the same id as seat {other_seat} of {other_section}.</source>
        <translation>{section} 的座位 {seat}（第 {row} 行第 {column} 列）与 {other_section} 的座位 {other_seat} 编号相同。</translation>
    </message>
    <message>
        <source>Seat {seat} of {section} (row {row}, column {column}) has no price zone.</source>
        <translation>{section} 的座位 {seat}（第 {row} 行第 {column} 列）没有票区。</translation>
    </message>
    <message>
        <source>Seat {seat} of {section} (row {row}, column {column}) is in zone {zone}, which the layout does not define.</source>
        <translation>{section} 的座位 {seat}（第 {row} 行第 {column} 列）属于票区 {zone}，但座位图中没有定义该票区。</translation>
    </message>
    <message>
        <source>Zone {zone} has seats (the first is {seat} of {section}) but no price.</source>
        <translation>票区 {zone} 有座位（第一个是 {section} 的 {seat}），但没有票价。</translation>
    </message>
    <message>
        <source>The seat label {seat} is longer than {limit} characters.</source>
        <translation>座位名称 {seat} 超过 {limit} 个字符。</translation>
    </message>
    <message>
        <source>Sections {section} and {other_section} both have a seat {seat}. Give one of them its own label template.</source>
        <translation>区域 {section} 和 {other_section} 都有座位 {seat}。请为其中一个区域设置自己的座位名称模板。</translation>
    </message>
    <message>
        <source>Zones {zone} and {other_zone} would share the price zone “{name}”. Give them different names.</source>
        <translation>票区 {zone} 和 {other_zone} 会对应同一个场次票区“{name}”。请给它们起不同的名称。</translation>
    </message>
    <message>
        <source>“{name}” sells general admission, so it has no seat layout.</source>
        <translation>“{name}”不对号入座，没有座位图。</translation>
    </message>
    <message>
        <source>“{hall}” has no seat layout version {version}.</source>
        <translation>“{hall}”没有第 {version} 版座位图。</translation>
    </message>
    <message>
        <source>Tickets of this session are sold, held or leased, so it cannot move to another hall.</source>
        <translation>该场次已有售出、锁定或租给窗口的座位，不能改到其他演出厅。</translation>
    </message>
    <message>
        <source>Layout version {version} would remove seats that are sold, held or leased: {seats}. The session keeps its current seats.</source>
        <translation>第 {version} 版座位图会删除已售出、已锁定或已租给窗口的座位：{seats}。场次保留现有座位。</translation>
    </message>
    <message>
        <source>Enter the printer&apos;s network address.</source>
        <translation>请输入打印机的网络地址。</translation>
    </message>
    <message>
        <source>The port must be between 1 and 65535.</source>
        <translation>端口须在 1 到 65535 之间。</translation>
    </message>
    <message>
        <source>Choose the printer&apos;s serial port.</source>
        <translation>请选择打印机的串口。</translation>
    </message>
    <message>
        <source>Enter the USB printer&apos;s vendor and product id.</source>
        <translation>请输入 USB 打印机的厂商 ID 和产品 ID。</translation>
    </message>
    <message>
        <source>Choose a system printer.</source>
        <translation>请选择系统打印机。</translation>
    </message>
    <message>
        <source>Enter the file to print to.</source>
        <translation>请输入要打印到的文件。</translation>
    </message>
    <message>
        <source>Paper is 58 mm or 80 mm wide.</source>
        <translation>纸宽只能是 58 毫米或 80 毫米。</translation>
    </message>
    <message>
        <source>The cash drawer is on pin 2 or pin 5.</source>
        <translation>钱箱接在 2 号或 5 号针脚。</translation>
    </message>
    <message>
        <source>The drawer pulse must be between 10 and 500 ms.</source>
        <translation>钱箱脉冲须在 10 到 500 毫秒之间。</translation>
    </message>
    <message>
        <source>Unknown scanner terminator.</source>
        <translation>未知的扫码结束符。</translation>
    </message>
    <message>
        <source>The scanner key gap must be between 5 and 100 ms.</source>
        <translation>扫码按键间隔须在 5 到 100 毫秒之间。</translation>
    </message>
    <message>
        <source>That print job does not exist.</source>
        <translation>该打印任务不存在。</translation>
    </message>
    <message>
        <source>Only a job still waiting to print can be cancelled.</source>
        <translation>只能取消尚在等待打印的任务。</translation>
    </message>
    <message>
        <source>Type or scan an order number, a phone number or a ticket.</source>
        <translation>请输入或扫描订单号、手机号或门票。</translation>
    </message>
    <message>
        <source>This ticket code cannot be read or was not issued by this venue.</source>
        <translation>此票码无法识别，或不是本场馆签发的。</translation>
    </message>
    <message>
        <source>No order matches “{query}”.</source>
        <translation>没有与“{query}”匹配的订单。</translation>
    </message>
    <message>
        <source>That order does not exist.</source>
        <translation>该订单不存在。</translation>
    </message>
    <message>
        <source>That shift is not yours at this window.</source>
        <translation>该班次不是您在本窗口的班次。</translation>
    </message>
    <message>
        <source>Your shift is closed. Open a shift first.</source>
        <translation>您的班次已交班。请先开班。</translation>
    </message>
    <message>
        <source>Every ticket of order {number} was already refunded.</source>
        <translation>订单 {number} 的门票已全部退过。</translation>
    </message>
    <message>
        <source>A ticket appears twice.</source>
        <translation>有门票重复出现。</translation>
    </message>
    <message>
        <source>That ticket is not part of order {number}.</source>
        <translation>该门票不属于订单 {number}。</translation>
    </message>
    <message>
        <source>The ticket {seat} was already refunded.</source>
        <translation>门票 {seat} 已退过。</translation>
    </message>
    <message>
        <source>This order has no money left to refund.</source>
        <translation>此订单已没有可退金额。</translation>
    </message>
    <message>
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>A refund id must be a UUIDv7.</source>
        <translation>退款编号必须是 UUIDv7。</translation>
    </message>
    <message>
        <source>Order {number} was voided.</source>
        <translation>订单 {number} 已作废。</translation>
    </message>
    <message>
        <source>The ticket {seat} was already used; refunding it needs the permission “{permission}”.</source>
        <translation>门票 {seat} 已使用；退票需要“{permission}”权限。</translation>
    </message>
    <message>
        <source>Only the last sale of your shift can be voided.</source>
        <translation>只能作废本班次最近一笔销售。</translation>
    </message>
    <message>
        <source>Order {number} already has refunds; refund it instead of voiding it.</source>
        <translation>订单 {number} 已有退票记录；请改为退票，不能作废。</translation>
    </message>
    <message>
        <source>Order {number} came from an exchange; refund it instead of voiding it.</source>
        <translation>订单 {number} 来自改签；请改为退票，不能作废。</translation>
    </message>
    <message>
        <source>A sale can be voided only within {minutes} minutes. Refund it instead.</source>
        <translation>售出 {minutes} 分钟内才能作废。请改为退票。</translation>
    </message>
    <message>
        <source>A used ticket cannot be exchanged.</source>
        <translation>已使用的门票不能改签。</translation>
    </message>
    <message>
        <source>Only valid tickets can be reprinted.</source>
        <translation>只有有效门票才能重打。</translation>
    </message>
    <message>
        <source>This job has not printed yet; it prints by itself once the printer is ready.</source>
        <translation>该任务尚未打印；打印机就绪后会自动打印。</translation>
    </message>
    <message>
        <source>That shift does not exist.</source>
        <translation>该班次不存在。</translation>
    </message>
    <message>
        <source>A shift is already open at this window. Close it before opening another.</source>
        <translation>本窗口已有班次。请先交班再开新班。</translation>
    </message>
    <message>
        <source>That shift is closed.</source>
        <translation>该班次已交班。</translation>
    </message>
    <message>
        <source>Cash goes either in or out.</source>
        <translation>现金只能存入或取出。</translation>
    </message>
    <message>
        <source>The amount must be more than ¥0.</source>
        <translation>金额必须大于 ¥0。</translation>
    </message>
    <message>
        <source>That shift is already closed.</source>
        <translation>该班次已交班。</translation>
    </message>
    <message>
        <source>The difference is over the limit: a supervisor must log in to approve it.</source>
        <translation>差额超过限额：须主管登录审批。</translation>
    </message>
    <message>
        <source>The supervisor&apos;s login or password is wrong.</source>
        <translation>主管登录名或密码错误。</translation>
    </message>
    <message>
        <source>{login} may not approve cash differences.</source>
        <translation>{login} 无权审批现金差额。</translation>
    </message>
    <message>
        <source>The number of unsent sales is wrong.</source>
        <translation>未上传销售笔数不正确。</translation>
    </message>
    <message>
        <source>The cash is {difference} off, more than {limit}: give a reason.</source>
        <translation>现金差额 {difference}，超过 {limit}：请填写原因。</translation>
    </message>
    <message>
        <source>That is not a ticket signing key.</source>
        <translation>这不是门票签名密钥。</translation>
    </message>
    <message>
        <source>“{text}” is not a product code. Scan again or type quantity*code.</source>
        <translation>“{text}”不是商品货号。请重新扫码或输入 数量*货号。</translation>
    </message>
    <message>
        <source>The quantity must be from 1 to {limit}.</source>
        <translation>数量须在 1 到 {limit} 之间。</translation>
    </message>
    <message>
        <source>The barcode “{code}” did not scan correctly (check digit). Scan again.</source>
        <translation>条码“{code}”扫描有误（校验位不对）。请重新扫码。</translation>
    </message>
    <message>
        <source>“{name}” is not an Excel workbook (.xlsx). Open it in Excel, save it as “Excel Workbook (*.xlsx)” and import that.</source>
        <translation>“{name}”不是 Excel 工作簿 (.xlsx)。请用 Excel 打开，另存为“Excel 工作簿 (*.xlsx)”后再导入。</translation>
    </message>
    <message>
        <source>“{name}” could not be written ({reason}). Is it open in Excel?</source>
        <translation>无法写入“{name}”（{reason}）。文件是否在 Excel 中打开？</translation>
    </message>
    <message>
        <source>The file has no such column.</source>
        <translation>文件中没有此列。</translation>
    </message>
    <message>
        <source>The file has no products in it.</source>
        <translation>文件中没有商品。</translation>
    </message>
    <message>
        <source>“{name}” could not be read: {reason}.</source>
        <translation>无法读取“{name}”：{reason}。</translation>
    </message>
    <message>
        <source>This cell is empty.</source>
        <translation>此单元格为空。</translation>
    </message>
    <message>
        <source>“{value}” is not 是 or 否 (yes or no).</source>
        <translation>“{value}”不是 是 或 否。</translation>
    </message>
    <message>
        <source>A price has at most two decimals (fen): “{value}”.</source>
        <translation>价格最多两位小数（分）：“{value}”。</translation>
    </message>
    <message>
        <source>A price cannot be negative: “{value}”.</source>
        <translation>价格不能为负数：“{value}”。</translation>
    </message>
    <message>
        <source>You work for another merchant and cannot see this one.</source>
        <translation>您属于其他商户，无法查看此商户。</translation>
    </message>
    <message>
        <source>That merchant no longer exists.</source>
        <translation>该商户已不存在。</translation>
    </message>
    <message>
        <source>Choose the merchant this till sells for.</source>
        <translation>请选择此收银台所属的商户。</translation>
    </message>
    <message>
        <source>The merchant “{name}” is disabled.</source>
        <translation>商户“{name}”已停用。</translation>
    </message>
    <message>
        <source>Row {row}, column “{column}”: {problem}</source>
        <translation>第 {row} 行，“{column}”列：{problem}</translation>
    </message>
    <message>
        <source>Nothing was imported: the file has {count} problems. Correct them first.</source>
        <translation>未导入任何数据：文件有 {count} 处问题。请先改正。</translation>
    </message>
    <message>
        <source>At most {limit} characters.</source>
        <translation>最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>“{code}” is not a product code: use 1 to 32 letters, digits or dashes.</source>
        <translation>“{code}”不是有效的货号：请使用 1 到 32 位字母、数字或短横线。</translation>
    </message>
    <message>
        <source>“{barcode}” is not a barcode: use 4 to 20 digits.</source>
        <translation>“{barcode}”不是有效的条码：请使用 4 到 20 位数字。</translation>
    </message>
    <message>
        <source>“{barcode}” is an in-store code with the price in it: register its first seven digits ({item}).</source>
        <translation>“{barcode}”是含价格的店内码：请登记其前七位数字（{item}）。</translation>
    </message>
    <message>
        <source>“{barcode}” has a wrong check digit: check the number on the package.</source>
        <translation>“{barcode}”校验位错误：请核对包装上的号码。</translation>
    </message>
    <message>
        <source>Enter a price.</source>
        <translation>请输入价格。</translation>
    </message>
    <message>
        <source>A price must be from {low} to {high}.</source>
        <translation>价格须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>Choose a merchant first.</source>
        <translation>请先选择商户。</translation>
    </message>
    <message>
        <source>That product no longer exists.</source>
        <translation>该商品已不存在。</translation>
    </message>
    <message>
        <source>That product category no longer exists.</source>
        <translation>该商品分类已不存在。</translation>
    </message>
    <message>
        <source>That SKU no longer exists.</source>
        <translation>该规格已不存在。</translation>
    </message>
    <message>
        <source>Enter the fee rate.</source>
        <translation>请输入费率。</translation>
    </message>
    <message>
        <source>The fee rate must be from 0.00 % to 100.00 %.</source>
        <translation>费率须在 0.00 % 到 100.00 % 之间。</translation>
    </message>
    <message>
        <source>A merchant named “{name}” exists already.</source>
        <translation>已有名为“{name}”的商户。</translation>
    </message>
    <message>
        <source>A phone number is up to 20 digits, spaces, + or -.</source>
        <translation>电话号码最多 20 位，只能包含数字、空格、+ 或 -。</translation>
    </message>
    <message>
        <source>Only venue staff can add merchants.</source>
        <translation>只有场馆员工才能添加商户。</translation>
    </message>
    <message>
        <source>A product category named “{name}” exists already.</source>
        <translation>已有名为“{name}”的商品分类。</translation>
    </message>
    <message>
        <source>The sort order must be 0 to 9999.</source>
        <translation>排序号须在 0 到 9999 之间。</translation>
    </message>
    <message>
        <source>A category stays with its merchant.</source>
        <translation>分类不能转到其他商户。</translation>
    </message>
    <message>
        <source>“{name}” still has {n} products. Move them to another category first.</source>
        <translation>“{name}”下还有 {n} 个商品。请先将它们移到其他分类。</translation>
    </message>
    <message>
        <source>A product needs at least one SKU.</source>
        <translation>一个商品至少要有一个规格。</translation>
    </message>
    <message>
        <source>The code “{code}” is given to two SKUs.</source>
        <translation>货号“{code}”被两个规格同时使用。</translation>
    </message>
    <message>
        <source>The barcode “{barcode}” is given to both “{first}” and “{second}”.</source>
        <translation>条码“{barcode}”同时用于“{first}”和“{second}”。</translation>
    </message>
    <message>
        <source>The code “{code}” belongs to “{sku}” already.</source>
        <translation>货号“{code}”已属于“{sku}”。</translation>
    </message>
    <message>
        <source>The barcode “{barcode}” belongs to “{sku}” already.</source>
        <translation>条码“{barcode}”已属于“{sku}”。</translation>
    </message>
    <message>
        <source>A product named “{name}” exists already.</source>
        <translation>已有名为“{name}”的商品。</translation>
    </message>
    <message>
        <source>A product stays with its merchant.</source>
        <translation>商品不能转到其他商户。</translation>
    </message>
    <message>
        <source>Choose one of this merchant&apos;s categories.</source>
        <translation>请选择此商户的分类。</translation>
    </message>
    <message>
        <source>“{name}” has sales or stock records and cannot be deleted. Disable it instead.</source>
        <translation>“{name}”有销售或库存记录，不能删除。请改为停售。</translation>
    </message>
    <message>
        <source>“{sku}” does not keep stock. Turn on stock keeping for it first.</source>
        <translation>“{sku}”未管理库存。请先为其开启库存管理。</translation>
    </message>
    <message>
        <source>Stock is received or adjusted.</source>
        <translation>库存已入库或调整。</translation>
    </message>
    <message>
        <source>Enter how many pieces.</source>
        <translation>请输入件数。</translation>
    </message>
    <message>
        <source>At most {limit} pieces at a time.</source>
        <translation>每次最多 {limit} 件。</translation>
    </message>
    <message>
        <source>Stock received is more than zero. To take stock off, adjust it.</source>
        <translation>入库数量须大于零。如需减少库存，请做盘点调整。</translation>
    </message>
    <message>
        <source>Say why the stock is adjusted (e.g. counted, damaged).</source>
        <translation>请说明库存调整原因（如盘点、损坏）。</translation>
    </message>
    <message>
        <source>“{value}” is on row {first} already.</source>
        <translation>“{value}”已在第 {first} 行出现。</translation>
    </message>
    <message>
        <source>Row {first} of the same product says “{value}”: make them agree.</source>
        <translation>同一商品的第 {first} 行为“{value}”：请保持一致。</translation>
    </message>
    <message>
        <source>This moves the last SKU of “{product}” to another product. Rename products on the Products page instead.</source>
        <translation>这会把“{product}”的最后一个规格移到另一个商品。如需改名，请在商品页面修改。</translation>
    </message>
    <message>
        <source>At most {limit} rows can be imported at once.</source>
        <translation>一次最多导入 {limit} 行。</translation>
    </message>
    <message>
        <source>Give the reference of the bank transfer.</source>
        <translation>请填写银行转账流水号。</translation>
    </message>
    <message>
        <source>A transfer reference is at most {n} characters.</source>
        <translation>转账流水号最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>That settlement does not exist.</source>
        <translation>该结算不存在。</translation>
    </message>
    <message>
        <source>The settlement of {merchant} for {day} was already confirmed paid (reference {reference}).</source>
        <translation>{merchant} {day} 的结算已确认打款（流水号 {reference}）。</translation>
    </message>
    <message>
        <source>An order number is 1 to 32 characters.</source>
        <translation>订单号为 1 到 32 个字符。</translation>
    </message>
    <message>
        <source>Unknown kind of sale “{kind}”.</source>
        <translation>未知的销售类型“{kind}”。</translation>
    </message>
    <message>
        <source>The cart is empty.</source>
        <translation>购物车是空的。</translation>
    </message>
    <message>
        <source>At most {n} lines in one sale.</source>
        <translation>一笔销售最多 {n} 行。</translation>
    </message>
    <message>
        <source>An amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <source>A discount cannot be more than the line&apos;s amount.</source>
        <translation>优惠不能超过该行金额。</translation>
    </message>
    <message>
        <source>A payment collection is one amount with a note.</source>
        <translation>商家收款为一个金额加一条备注。</translation>
    </message>
    <message>
        <source>A line names no product.</source>
        <translation>有一行没有指定商品。</translation>
    </message>
    <message>
        <source>The till&apos;s clock is wrong ({at}). Set the computer&apos;s date and time.</source>
        <translation>收银台时钟不对（{at}）。请设置电脑的日期和时间。</translation>
    </message>
    <message>
        <source>Say why you give the discount.</source>
        <translation>请说明优惠原因。</translation>
    </message>
    <message>
        <source>Say what the payment is for (a note).</source>
        <translation>请说明收款用途（备注）。</translation>
    </message>
    <message>
        <source>Order number {number} is already used.</source>
        <translation>订单号 {number} 已被使用。</translation>
    </message>
    <message>
        <source>The price of {name} is now {price}. Scan it again.</source>
        <translation>{name} 的价格已变为 {price}。请重新扫码。</translation>
    </message>
    <message>
        <source>A discount cannot be more than the order&apos;s amount.</source>
        <translation>优惠不能超过订单金额。</translation>
    </message>
    <message>
        <source>A product in the cart is no longer sold here. Take it off and scan it again.</source>
        <translation>购物车中有商品已不在此销售。请将其移除后重新扫码。</translation>
    </message>
    <message>
        <source>That receipt does not exist.</source>
        <translation>该小票不存在。</translation>
    </message>
    <message>
        <source>Scan the receipt&apos;s code.</source>
        <translation>请扫描小票上的码。</translation>
    </message>
    <message>
        <source>No receipt matches “{query}”.</source>
        <translation>没有与“{query}”匹配的小票。</translation>
    </message>
    <message>
        <source>Receipt {number} was already refunded in full.</source>
        <translation>小票 {number} 已全额退款。</translation>
    </message>
    <message>
        <source>A line appears twice.</source>
        <translation>有一行重复了。</translation>
    </message>
    <message>
        <source>That line is not part of receipt {number}.</source>
        <translation>该行不属于小票 {number}。</translation>
    </message>
    <message>
        <source>Only {left} of {name} can still be refunded on this receipt.</source>
        <translation>此小票上的 {name} 只剩 {left} 件可退。</translation>
    </message>
    <message>
        <source>A phone number is digits only.</source>
        <translation>电话号码只能是数字。</translation>
    </message>
    <message>
        <source>Give the delivery address.</source>
        <translation>请填写收货地址。</translation>
    </message>
    <message>
        <source>{n} carts are already put aside. Recall one first.</source>
        <translation>已有 {n} 笔挂单。请先取单。</translation>
    </message>
    <message>
        <source>That cart was already recalled.</source>
        <translation>该挂单已被取回。</translation>
    </message>
    <message>
        <source>Choose the first and the last day.</source>
        <translation>请选择开始日期和结束日期。</translation>
    </message>
    <message>
        <source>The last day cannot be before the first day.</source>
        <translation>结束日期不能早于开始日期。</translation>
    </message>
    <message>
        <source>A report covers at most {days} days.</source>
        <translation>报表最多覆盖 {days} 天。</translation>
    </message>
</context>
<context>
    <name>d</name>
    <message>
        <source>Seats numbered.</source>
        <translation>座位已编号。</translation>
    </message>
</context>
<context>
    <name>devices</name>
    <message>
        <source>Out of paper: load a new roll; printing resumes by itself.</source>
        <translation>缺纸：请装入新纸卷，打印会自动继续。</translation>
    </message>
    <message>
        <source>The printer&apos;s cover is open: close it to go on printing.</source>
        <translation>打印机上盖打开：合上后继续打印。</translation>
    </message>
    <message>
        <source>The printer is offline: check its light and the feed button.</source>
        <translation>打印机离线：请检查指示灯和走纸键。</translation>
    </message>
    <message>
        <source>Cannot reach the printer: check that it is switched on and connected.</source>
        <translation>无法连接打印机：请检查是否开机、线缆或网络是否连接。</translation>
    </message>
    <message>
        <source>The printer does not answer: switch it off and on again.</source>
        <translation>打印机无响应：请关机后重新开机。</translation>
    </message>
    <message>
        <source>No printer is set up for this terminal (Devices page).</source>
        <translation>本终端未设置打印机（见“设备”页）。</translation>
    </message>
    <message>
        <source>This document cannot be printed ({detail}).</source>
        <translation>该单据无法打印（{detail}）。</translation>
    </message>
    <message>
        <source>Paper is running low: have a new roll ready.</source>
        <translation>纸将用完：请准备新纸卷。</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <source>The central store can&apos;t be reached right now. Check the network and try again; a change you were saving may or may not have been made, so look before repeating it.</source>
        <translation>暂时无法连接中心服务器。请检查网络后重试；正在保存的修改可能已生效也可能未生效，重复操作前请先查看。</translation>
    </message>
    <message>
        <source>The central store is still working on this. Try again in a moment.</source>
        <translation>中心服务器仍在处理此操作，请稍后再试。</translation>
    </message>
    <message>
        <source>Your login at the central store has expired. Log out and log in again.</source>
        <translation>您在中心服务器的登录已过期，请退出后重新登录。</translation>
    </message>
    <message>
        <source>Something went wrong: {error}. Nothing was lost; please try again.</source>
        <translation>出错了：{error}。数据没有丢失，请重试。</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>操作未完成</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Ticket window</source>
        <translation>售票</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>收银</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Merchant orders</source>
        <translation>商品订单</translation>
    </message>
    <message>
        <source>Today&apos;s sessions</source>
        <translation>今日排场</translation>
    </message>
    <message>
        <source>Shows</source>
        <translation>演出节目</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>演出排场</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>票价</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Merchants</source>
        <translation>商户</translation>
    </message>
    <message>
        <source>Merchant reports</source>
        <translation>商户统计报表</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色管理</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Print queue</source>
        <translation>打印队列</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>Sync: this computer is the store (standalone)</source>
        <translation>同步：本机即数据中心（单机）</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Online, log in again to send</source>
        <translation>在线，请重新登录以上传</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>synced {time}</source>
        <translation>同步于 {time}</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} 笔待上传</translation>
    </message>
    <message>
        <source>{count} need attention</source>
        <translation>{count} 笔需处理</translation>
    </message>
    <message>
        <source>Refused without a reason</source>
        <translation>被拒绝（未说明原因）</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>logging out</source>
        <translation>退出登录</translation>
    </message>
</context>
</TS>
